"""A metric written as an everyday word is an entity only where the text uses it as a measure."""
import pytest

from papergraph.model import Paper, SourceRef


def metrics(extractor, summary):
    x = extractor.extract(Paper("2401.00001", "A study", summary, "", sources=[SourceRef("t.md", 1)]))
    return {m.entity.label for m in x.mentions if m.entity.kind == "Metric"}


@pytest.mark.parametrize("summary", [
    "先前研究显示，蒸馏监督式微调能显著提升任务准确度，但模型仍不对齐。",
    "先前研究顯示，蒸餾監督式微調能顯著提升任務準確度，但模型仍不對齊。",
    "Prior work shows that distillation improves task accuracy, yet the models stay unaligned.",
])
def test_a_metric_word_used_in_passing_is_no_entity(extractor, summary):
    assert metrics(extractor, summary) == set()


@pytest.mark.parametrize("summary", [
    "专家的准确率为 65%。",  # a number in its clause
    "我们以准确率作为评价指标。",  # a measure noun in its clause
    "The experts reach an accuracy of 65%.",
])
def test_a_metric_word_used_as_a_measure_stays(extractor, summary):
    assert metrics(extractor, summary) == {"Accuracy"}


def test_a_metric_written_as_a_named_measure_stays(extractor):
    assert "Exact Match" in metrics(extractor, "我们报告 EM，而不是只看生成质量。")


def test_a_metric_a_result_is_measured_by_stays(extractor):
    assert "Accuracy" in metrics(extractor, "模型在 GSM8K 上的准确率达到 82.3%。")


@pytest.mark.parametrize("summary", ["推理 RTF 达到 0.15。", "推理的实时率为 0.15。", "Inference runs at a real-time factor of 0.15."])
def test_the_real_time_factor_of_speech_systems_is_a_metric(extractor, summary):
    assert metrics(extractor, summary) == {"RTF"}


@pytest.mark.parametrize("summary", ["YOLO-World achieves 35.4 AP on LVIS.", "YOLO-World 在 LVIS 上取得 35.4 AP。",
                                     "The average precision on LVIS reaches 35.4."])
def test_average_precision_is_a_metric(extractor, summary):
    assert metrics(extractor, summary) == {"AP"}
