"""A research task the vocabulary knows is an entity only where the text names it as a task."""
import pytest

from papergraph.model import Paper, SourceRef


def tasks(extractor, summary, title="A study"):
    x = extractor.extract(Paper("2401.00001", title, summary, "", sources=[SourceRef("t.md", 1)]))
    return {m.entity.label for m in x.mentions if m.entity.kind == "Task"}


@pytest.mark.parametrize("summary", [
    "我们的方法在提升事实性的同时保持了指令跟随能力。",
    "我們的方法在提升事實性的同時保持了指令跟隨能力。",
    "It improves factuality while keeping instruction-following ability.",
])
def test_a_task_named_in_passing_is_no_entity(extractor, summary):
    assert tasks(extractor, summary) == set()


@pytest.mark.parametrize("summary, task", [
    ("我们在多个问答 (QA) 任务中评估了该方法。", "Question Answering"),  # a task noun after it
    ("We evaluate it on several question answering tasks.", "Question Answering"),
    ("We study the task of text-to-SQL in this paper.", "Text-to-SQL"),  # ... or before it
    ("我们在多跳问答上与现有方法进行比较。", "Multi-Hop Question Answering"),  # evaluated on it
    ("The method improves accuracy on multi-hop question answering.", "Multi-Hop Question Answering"),
])
def test_a_task_the_text_names_as_one_stays(extractor, summary, task):
    assert task in tasks(extractor, summary)


@pytest.mark.parametrize("summary", [
    "这些模型在广泛的任务中进行了评估，包括视觉问答、图像标注和文本生成。",
    "這些模型在廣泛的任務中進行了評估，包括視覺問答、圖像標註和文本生成。",
])
def test_tasks_listed_after_a_task_noun_stay(extractor, summary):
    assert {"Visual Question Answering", "Text Generation"} <= tasks(extractor, summary)


def test_a_list_opener_in_a_later_clause_does_not_reach_back(extractor):
    # the task noun and the list opener are in another sentence: the passing mention goes
    summary = "这些模型在多种任务中进行了评估。模型包括多个版本，并保持了指令跟随能力。"
    assert "Instruction Following" not in tasks(extractor, summary)


def test_a_task_in_the_title_stays(extractor):
    assert "Code Generation" in tasks(extractor, "模型的代码生成能力很强。", title="Benchmarking Code Generation")


def test_a_task_named_again_and_again_stays_twice_does_not(extractor):
    twice = "我们研究代码生成。模型的代码生成能力很强。"
    assert tasks(extractor, twice) == set()
    assert tasks(extractor, twice + "我们分析了代码生成中的错误。") == {"Code Generation"}


def test_dropping_a_passing_task_leaves_the_other_names(extractor):
    x = extractor.extract(Paper("2401.00001", "A study", "我们使用 LoRA 微调，同时保持了指令跟随能力。", "",
                                sources=[SourceRef("t.md", 1)]))
    assert {m.entity.label for m in x.mentions} == {"LoRA"}
    assert [m.surface for m in x.mentions] == ["LoRA"]


def test_a_list_opener_reaches_only_the_list_after_it(extractor):
    # "like" opens a list of models here; the task comes a clause later, in passing
    summary = ("Toolformer achieves improved zero-shot performance across a variety of downstream tasks, often "
               "competitive with much larger models like GPT-3, without sacrificing its core language modeling abilities.")
    assert tasks(extractor, summary) == set()
