"""Who reached a reported number, and where: the subject and dataset of each result."""
import pytest

from papergraph.model import Paper, SourceRef


def results(extractor, summary, title="A Study of Things"):
    """{(subject label or None, dataset label, value as written)} read from `summary`."""
    x = extractor.extract(Paper("2406.00001", title, summary, "", sources=[SourceRef("digest.md", 3)]))
    label = {m.entity.key: m.entity.label for m in x.mentions}
    return {(label.get(r.subject), label[r.dataset], r.value_text) for r in x.results}


def label(extractor, name):
    """The graph label of a vocabulary name ("Claude 3 Opus" may be spelled otherwise there)."""
    return next(m.entity.label for m in extractor.extract(Paper("2406.00009", name, "", "", sources=[SourceRef("digest.md", 1)])).mentions)


@pytest.mark.parametrize("summary", [
    "经过指令微调的 Mixtral 8x7B-Instruct 超过了 GPT-3.5 Turbo、Gemini Pro 和 Claude 3 Opus，在 MT-Bench 上得分 8.30。",
    "經過指令微調的 Mixtral 8x7B-Instruct 超越了 GPT-3.5 Turbo 與 Gemini Pro，在 MT-Bench 上得分 8.30。",
    "Mixtral 8x7B-Instruct outperforms GPT-3.5 Turbo and Gemini Pro, scoring 8.30 on MT-Bench.",
])
def test_what_a_model_beat_does_not_take_its_score(extractor, summary):
    assert results(extractor, summary) == {(label(extractor, "Mixtral 8x7B-Instruct"), "MT-Bench", "8.30")}


def test_a_compared_model_keeps_its_own_number_in_its_clause(extractor):
    found = results(extractor, "Mixtral 8x7B-Instruct 在 MT-Bench 上达到 8.30，超过 GPT-3.5 Turbo 的 7.94。")
    assert found == {(label(extractor, "Mixtral 8x7B-Instruct"), "MT-Bench", "8.30"),
                     (label(extractor, "GPT-3.5 Turbo"), "MT-Bench", "7.94")}


def test_with_only_beaten_models_named_the_score_is_the_papers_own(extractor):
    found = results(extractor, "超过了 GPT-4 和 Claude 3 Opus，在 MMLU 上达到 90.1%。",
                    title="LongRAG: Enhancing Retrieval-Augmented Generation with Long-context LLMs")
    assert found == {("LongRAG", "MMLU", "90.1%")}


@pytest.mark.parametrize("summary", [
    "GPT-4o 和 Claude 3 Opus 在 MMLU 上分别达到 88.7% 和 86.8%。",
    "即使是 GPT-4o 與 Claude 3 Opus，在 MMLU 上的準確率也分別只有 88.7% 與 86.8%。",
    "GPT-4o and Claude 3 Opus reach 88.7% and 86.8% on MMLU, respectively.",
    # without "分别" the order pairs them all the same
    "即便是最先进的 GPT-4o 和 Claude 3 Opus，在 MMLU 的难题上的准确率也只有 88.7% 和 86.8%。",
])
def test_listed_numbers_go_to_the_listed_subjects_in_order(extractor, summary):
    assert results(extractor, summary) == {(label(extractor, "GPT-4o"), "MMLU", "88.7%"),
                                           (label(extractor, "Claude 3 Opus"), "MMLU", "86.8%")}


@pytest.mark.parametrize("summary", [
    "Code Llama 在 HumanEval 与 MBPP 上分别取得 67% 与 65% 的成绩。",
    "Code Llama 在 HumanEval 與 MBPP 上分別取得 67% 與 65% 的成績。",
])
def test_listed_numbers_go_to_the_listed_datasets_in_order(extractor, summary):
    code_llama = label(extractor, "Code Llama")
    assert results(extractor, summary) == {(code_llama, "HumanEval", "67%"), (code_llama, "MBPP", "65%")}


def test_without_respectively_coordinated_subjects_share_the_number(extractor):
    found = results(extractor, "GPT-4o 与 Claude 3 Opus 在 MMLU 上的准确率均为 88%。")
    assert found == {(label(extractor, "GPT-4o"), "MMLU", "88%"), (label(extractor, "Claude 3 Opus"), "MMLU", "88%")}


def test_respectively_with_lists_of_other_lengths_pairs_nothing_up(extractor):
    # two names, three numbers: no pairing can be read, so every name keeps every number
    found = results(extractor, "GPT-4o 和 Claude 3 Opus 在 MMLU 上分别达到 88.7%、86.8% 和 80.1%。")
    assert {(s, v) for s, _d, v in found} == {(label(extractor, m), v) for m in ("GPT-4o", "Claude 3 Opus")
                                             for v in ("88.7%", "86.8%", "80.1%")}


def test_a_colon_ends_the_clause_a_compared_name_stands_in(extractor):
    found = results(extractor, "GPT-4o 与 Claude 3 Opus 都显著优于 GPT-3.5 Turbo：在 MMLU 上分别达到 88.7% 与 86.8%。")
    assert found == {(label(extractor, "GPT-4o"), "MMLU", "88.7%"), (label(extractor, "Claude 3 Opus"), "MMLU", "86.8%")}


@pytest.mark.parametrize("summary", [
    "结果表明，在 MT-Bench 和 Chatbot Arena 上，GPT-4 与人类偏好的一致率均超过 80%。",
    "結果表明，在 MT-Bench 與 Chatbot Arena 上，GPT-4 與人類偏好的一致率都超過 80%。",
])
def test_a_number_said_of_each_listed_dataset_is_on_each(extractor, summary):
    assert results(extractor, summary) == {("GPT-4", "MT-Bench", "80%"), ("GPT-4", "Chatbot Arena", "80%")}


def test_without_each_a_number_is_on_the_nearest_dataset_only(extractor):
    found = results(extractor, "在 MT-Bench 和 Chatbot Arena 上，GPT-4 的一致率超过 80%。")
    assert found == {("GPT-4", "Chatbot Arena", "80%")}


@pytest.mark.parametrize("summary", [
    "在 ScienceQA 上微调后，LLaVA 达到了 92.53% 的最新最高准确率。",
    "在 ScienceQA 上微調之後，LLaVA 達到了 92.53% 的最新最高準確率。",
])
def test_a_number_reached_after_training_on_a_dataset_is_measured_on_it(extractor, summary):
    assert results(extractor, summary) == {("LLaVA", "ScienceQA", "92.53%")}


def test_a_dataset_trained_on_is_not_where_a_later_number_was_measured(extractor):
    assert results(extractor, "我们在 ScienceQA 上微调 LLaVA，它达到了 92.53% 的准确率。") == set()


@pytest.mark.parametrize("summary", ["MMLU-Pro causes a drop in accuracy by 16% to 33% compared to MMLU.",
                                     "与 MMLU 相比，MMLU-Pro 上的准确率下降了 16% 到 33%。"])
def test_the_second_number_of_a_range_shares_the_first_ones_cue(extractor, summary):
    assert results(extractor, summary) == set()


def test_in_english_the_dataset_after_the_number_is_where_it_was_measured(extractor):
    summary = ("Our top model achieves a 72.4% length-controlled win rate on AlpacaEval 2 and a 59.1% win rate "
               "on Arena-Hard.")
    assert {(d, v) for _s, d, v in results(extractor, summary)} == {("AlpacaEval 2.0", "72.4%"), ("Arena-Hard", "59.1%")}


@pytest.mark.parametrize("summary", [
    "Step-Back Prompting 将 PaLM-2L 在 MMLU 上的性能分别提高了 7% 和 11%。",
    "Step-Back Prompting improves PaLM-2L performance on MMLU by 7% and 11% respectively.",
    "ShareGPT4V 在 MME 和 MMBench 基准上的增幅分别为 222.8/22.0 和 2.7/1.3。",
    "配备 CoN 的模型在 NQ 上的 EM 分数平均提升 +7.9。",
    "rStar-Math 在 MATH 上达到 90.0%，超越 o1-preview 4.5 和 0.9 个百分点。",
    "LIMO 在 MATH 上达到 90.0%，且只用了先前方法 1% 的训练数据。",
    "在 MMLU、TyDiQA 和 BBH 上，只用 LESS 选出的 5% 数据进行训练，往往就能胜过完整数据集。",
    "在 AIME 上，rStar-Math 跻身最优秀的前 20% 学生之列。",
    "所得的 Minitron 模型在 MMLU 上比從頭訓練最多提升 16%。",
    "例如在 XSum 摘要任務上減少 9.6%。",
    "我们的 4 比特 LLaMa2-70B 模型在 WikiText-2 上的困惑度损失至多为 0.47，并保留了 99% 的零样本性能。",
    "Our 4-bit LLaMa2-70B model on WikiText-2 retains 99% of the zero-shot performance.",
    "在 LongBench 基准上的实验表明，PyramidKV 只保留 12% 的 KV 缓存就能与完整模型相当。",
    "它把模型在 MATH500 上的准确率提升到 90.0%，并把六个常用数学推理基准上的平均表现从 17.6% 提升到 35.7%。",
    "It raises accuracy on MATH500 to 90.0%, and the average on six common math benchmarks from 17.6% to 35.7%.",
])
def test_changes_margins_ranks_and_shares_of_data_are_not_results(extractor, summary):
    assert {value for _s, _d, value in results(extractor, summary)} <= {"90.0%"}


@pytest.mark.parametrize("summary, value", [
    ("在 NQ 上，答案召回率@1 达到了 71%（之前为 52%）。", "52%"),  # "之前为" is no rank
    ("GPT-4 与 Claude 3 在 MMLU 上分别达到 86.4% 和 84.9%。", "84.9%"),  # listed after a reaching word
    ("Mixtral 在 MT-Bench 上达到 8.30，超过 GPT-3.5 Turbo 的 7.94。", "7.94"),  # a score, not a margin
    ("LongRAG 在 NQ 上的准确率提升至 62.7%。", "62.7%"),  # raised to: where it got, not by how much
])
def test_numbers_that_look_like_those_are_still_results(extractor, summary, value):
    assert value in {v for _s, _d, v in results(extractor, summary)}


@pytest.mark.parametrize("summary", [
    "PPO with Math-Shepherd improves Mistral-7B (77.9%→84.1% on GSM8K and 28.6%→33.0% on MATH).",
    "PPO with Math-Shepherd improves Mistral-7B from 77.9% to 84.1% on GSM8K and from 28.6% to 33.0% on MATH.",
])
def test_both_ends_of_a_change_are_on_the_dataset_after_them(extractor, summary):
    found = {(dataset, value) for _s, dataset, value in results(extractor, summary)}
    assert {("GSM8K", "84.1%"), ("MATH", "28.6%"), ("MATH", "33.0%")} <= found
    assert ("GSM8K", "28.6%") not in found


def test_respectively_after_datasets_named_one_by_one_pairs_the_numbers_with_them(extractor):
    found = results(extractor, "LIMO 在 AIME 上達到 57.1% 的準確率，在 MATH 上達到 94.8%，而先前的模型分別只有 6.5% 和 59.2%。")
    assert {(dataset, value) for _s, dataset, value in found} == {
        ("AIME", "57.1%"), ("MATH", "94.8%"), ("AIME", "6.5%"), ("MATH", "59.2%")}


def test_respectively_in_a_clause_that_names_its_dataset_keeps_it(extractor):
    found = results(extractor, "在 OpenWebMath 上继续预训练后，Rho-1-1B 和 7B 在 MATH 数据集上分别达到了 40.6% 和 51.8%。")
    assert {(dataset, value) for _s, dataset, value in found} == {("MATH", "40.6%"), ("MATH", "51.8%")}


def test_token_counts_shots_and_compute_saved_are_not_results(extractor):
    found = results(extractor, "DCLM-7B 以 2.6T 訓練 token 在 MMLU 上達到 64% 的 5-shot 準確率，訓練計算量卻少了 40%。")
    assert {value for _s, _d, value in found} == {"64%"}


@pytest.mark.parametrize("summary", [
    "Our experiments show that Self-RAG achieves a 7.4% improvement on PopQA over previous methods.",
    "Self-RAG reaches 3.2 points higher accuracy on PopQA than Llama 2.",
    "实验表明，Self-RAG 在 PopQA 上带来了 7.4% 的提升。",
    "實驗表明，Self-RAG 在 PopQA 上帶來了 7.4% 的提升。",
    "Self-RAG outperforms Llama 2 on PopQA with an average accuracy gain between 16% and 32%.",
    "Self-RAG shows a gain of 5.1% on PopQA.",
])
def test_a_number_named_as_a_change_is_no_score(extractor, summary):
    # an improvement is how much better, not what was reached (as "improves by 7.4%" is not)
    assert results(extractor, summary) == set()


def test_a_score_followed_by_other_words_is_still_a_score(extractor):
    found = results(extractor, "Self-RAG achieves 54.9% accuracy on PopQA, more than Llama 2.")
    assert {(d, v) for _s, d, v in found} == {("PopQA", "54.9%")}


@pytest.mark.parametrize("summary", [
    # by how much one was higher: a margin, whether or not a "than" comes first
    "在 MMLU 上达到 59.0，比 DCLM 高 5.6 分。",
    "該模型在 MMLU 上達到 59.0，優於 Llama 3.1 8B，MMLU 高 5 分，ARC-Challenge 高 3.1 分。",
    "13B 模型在 MMLU 上达到 59.0，在 HumanEval 上比同等的下一 token 预测模型多解决 12% 的问题，在 MBPP 上多解决 17%。",
    # a bound, and a gain written "absolute"
    "在 MMLU 上达到 59.0；在 32K 长度时，有 10 个模型在 NoLiMa 上跌到基线的 50% 以下。",
    "在 MMLU 上达到 59.0，在 SWE-Bench Lite 上的解决率最多获得 19% 的绝对提升。",
    "在 MMLU 上达到 59.0，3 比特量化在 Wikitext-2 和 C4 上造成的困惑度下降都小于 0.1。",
    # a rise, and a gain said to be nearly so much
    "在 MMLU 上达到 59.0，受试者的假阳性率在 QuALITY 上上升了 24.1%。",
    "在 MMLU 上达到 59.0，让参数量超过 70B 的模型在 MATH 上的准确率提升近 3%。",
    # fewer still, and a share of what another takes
    "GPT-4o 在 MMLU 上达到 59.0，其他模型至少再少 16%。",
    "在 MMLU 上达到 59.0，且执行快速，时间与成本只有 GSM8K 的 6%。",
    "在 MMLU 上達到 59.0，且執行快速，時間與成本只有 GSM8K 的 6%。",
])
def test_margins_bounds_and_absolute_gains_are_not_scores(extractor, summary):
    assert {(d, v) for _s, d, v in results(extractor, summary)} == {("MMLU", "59.0")}


@pytest.mark.parametrize("summary", ["该模型在 MMLU 上的得分最高 95%。", "该模型在 MMLU 上的准确率高达 95%。"])
def test_the_highest_score_is_a_score(extractor, summary):
    assert {(d, v) for _s, d, v in results(extractor, summary)} == {("MMLU", "95%")}


@pytest.mark.parametrize("summary", ["OpenCodeInterpreter-33B 在 HumanEval 与 MBPP 上的平均准确率为 83.2。",
                                     "OpenCodeInterpreter-33B 在 HumanEval 與 MBPP 上的平均準確率為 83.2。"])
def test_an_average_over_listed_datasets_is_not_each_ones_score(extractor, summary):
    # 平均 (average) holds 均 (each): the average is no score on every dataset listed
    found = results(extractor, summary)
    assert len({d for _s, d, _v in found}) <= 1


@pytest.mark.parametrize("summary", ["在 GSM8K 上微調 Mistral-7B 時，PiSSA 的準確率達到 72.86%。",
                                     "在 GSM8K 上微调 Mistral-7B 后，PiSSA 的准确率达到 72.86%。"])
def test_a_score_after_training_on_a_dataset_named_with_what_was_trained_is_on_it(extractor, summary):
    assert results(extractor, summary, title="PiSSA: Principal Singular Values and Singular Vectors Adaptation") \
        == {("PiSSA", "GSM8K", "72.86%")}


def test_slash_lists_pair_datasets_and_numbers_in_order(extractor):
    found = results(extractor, "实验：MiniCPM-2.4B 在 MMLU / GSM8K / HumanEval 上分别为 53.46 / 53.83 / 50.00。")
    assert {(d, v) for _s, d, v in found} == {("MMLU", "53.46"), ("GSM8K", "53.83"), ("HumanEval", "50.00")}


@pytest.mark.parametrize("summary", [
    "在 MMLU 上达到 59.0；MATH-500 上的绝对提升分别为：random 21.4%、format 13.8%、incorrect label 24.1%。",
    "在 MMLU 上达到 59.0；MATH-500 上的绝对提升分别为：random 21.4%、format 13.8%、incorrect label 24.1%、"
    "1-shot RL 26.0%、majority voting 27.1%。",
    "在 MMLU 上达到 59.0，成为首个在 MATH-500 上准确率突破 70% 的开源模型。",
])
def test_a_list_of_gains_and_a_threshold_passed_are_not_scores(extractor, summary):
    assert {(d, v) for _s, d, v in results(extractor, summary)} == {("MMLU", "59.0")}


@pytest.mark.parametrize("summary", ["基于 OSWorld 框架改造，完整评测最快 20 分钟跑完；Navi 在 OSWorld 上成功率 19.5%。",
                                     "基於 OSWorld 框架改造，完整評測最快 20 分鐘跑完；Navi 在 OSWorld 上成功率 19.5%。"])
def test_minutes_are_no_points(extractor, summary):
    assert {v for _s, _d, v in results(extractor, summary)} == {"19.5%"}


@pytest.mark.parametrize("summary", [
    "本文提出 Diffusion Loss。在 ImageNet 上，FooNet-B、FooNet-L 与 FooNet-H 的 FID 分别为 2.31、1.78 与 1.55。",
    "本文提出 Diffusion Loss。在 ImageNet 上，FooNet-B、FooNet-L 與 FooNet-H 的 FID 分別為 2.31、1.78 與 1.55。",
])
def test_sizes_of_a_new_model_each_take_their_own_score(extractor, summary):
    assert results(extractor, summary) == {("FooNet-B", "ImageNet", "2.31"), ("FooNet-L", "ImageNet", "1.78"),
                                           ("FooNet-H", "ImageNet", "1.55")}


def test_sizes_listed_after_a_sized_model_each_take_their_own_score(extractor):
    found = results(extractor, "Llama 2 7B 与 13B 在 MMLU 上分别达到 45.3 与 54.8。")
    assert found == {(label(extractor, "Llama-2-7B"), "MMLU", "45.3"), (label(extractor, "Llama-2-13B"), "MMLU", "54.8")}


def test_a_gain_in_brackets_does_not_keep_a_score_from_its_dataset(extractor):
    found = results(extractor, "Qwen2.5-32B-Instruct achieves 56.7% (+40.0%) on AIME 2024 and 57.0% (+8.1%) on LiveCodeBench.")
    assert found == {(label(extractor, "Qwen2.5-32B-Instruct"), label(extractor, "AIME 2024"), "56.7%"),
                     (label(extractor, "Qwen2.5-32B-Instruct"), "LiveCodeBench", "57.0%")}


@pytest.mark.parametrize("summary", ["On the LVIS dataset, YOLO-World achieves 35.4 AP with 52.0 FPS on V100.",
                                     "在 LVIS 数据集上，YOLO-World 在 V100 上以 52.0 FPS 的速度取得 35.4 AP。"])
def test_frames_per_second_are_a_speed_not_a_score(extractor, summary):
    assert {value for _s, _d, value in results(extractor, summary)} == {"35.4"}
