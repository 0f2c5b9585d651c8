"""Each relation type, read from real digest sentences in both Chinese scripts and English."""
import pytest

from papergraph.graph import build_graph
from papergraph.extract.topics import load_topic_scheme
from papergraph.model import Paper, SourceRef


def relations(extractor, summary, title="A Study of Things", title_zh=""):
    paper = Paper("2406.00001", title, summary, title_zh, sources=[SourceRef("digest.md", 7)])
    x = extractor.extract(paper)
    label = {m.entity.key: m.entity.label for m in x.mentions}
    out = {(label.get(r.subject, "PAPER") if r.subject else "PAPER", r.relation, label[r.object]) for r in x.relations}
    for r in x.relations:  # every relation carries its evidence
        assert r.evidence.sentence and r.evidence.source == SourceRef("digest.md", 7)
    return out, x


CASES = [
    # (summary, title, expected (subject, relation, object))
    ("MoA模型在AlpacaEval 2.0、MT-Bench和FLASK上实现了最先进的性能，超过了GPT-4 Omni。",
     "Mixture-of-Agents Enhances Large Language Model Capabilities",
     {("Mixture-of-Agents", "evaluated_on", "MT-Bench"), ("Mixture-of-Agents", "evaluated_on", "FLASK"),
      ("Mixture-of-Agents", "outperforms", "GPT-4o")}),
    ("實驗結果表明，GNN-RAG 在兩個廣泛使用的 KGQA 基準（WebQSP 和 CWQ）中達到最先進的性能，超越或匹配 GPT-4 的表現。",
     "GNN-RAG: Graph Neural Retrieval for Large Language Model Reasoning",
     {("GNN-RAG", "evaluated_on", "WebQSP"), ("GNN-RAG", "outperforms", "GPT-4")}),
    ("We evaluate LongRAG on HotpotQA and it outperforms GPT-4 Turbo by a wide margin.",
     "LongRAG: Enhancing Retrieval-Augmented Generation with Long-context LLMs",
     {("LongRAG", "evaluated_on", "HotpotQA"), ("LongRAG", "outperforms", "GPT-4 Turbo")}),
    ("尽管成本较低，JetMoE-8B 的性能却非常出色，超越了 Llama2-7B 模型。",
     "JetMoE: Reaching Llama2 Performance with 0.1M Dollars",
     {("JetMoE-8B", "outperforms", "Llama2-7B")}),
    ("我們的方法與 GPT-4 相當，並在 MMLU 上進行了評估。", "Foo: A Method",
     {("Foo", "compared_with", "GPT-4"), ("Foo", "evaluated_on", "MMLU")}),
    ("在本文中，我们提出了一种高效的设备端 Planner-Action 框架，其规划智能体基于 Phi-3 Mini。",
     "Octo-planner: On-device Language Model for Planner-Action Agents",
     {("Octo-planner", "based_on", "Phi-3 Mini")}),
    ("為了解決這一問題，我們提出了一種基於 LLaMA2-7B 的網絡架構搜索方法 LLaMA-NAS。",
     "LLaMA-NAS: Efficient Neural Architecture Search for Large Language Models",
     {("LLaMA-NAS", "based_on", "LLaMA2-7B")}),
    ("We release Zephyr-Chat, fine-tuned from Mistral-7B with DPO.", "Zephyr-Chat: Direct Distillation of LM Alignment",
     {("Zephyr-Chat", "fine_tuned_from", "Mistral-7B")}),
    ("我們使用 UltraFeedback 數據集的提示微調 Mistral-7B-Instruct-v0.2 模型。", "SPPO: Self-Play Preference Optimization",
     {("SPPO", "fine_tuned_from", "Mistral-7B-Instruct-v0.2"), ("PAPER", "uses", "UltraFeedback")}),
    ("我们使用 LoRA 和 DPO 训练模型。", "A Study of Things",
     {("PAPER", "uses", "LoRA"), ("PAPER", "uses", "DPO")}),
    # the name after "基于 A 的" is what the sentence is about, not A
    ("基于 Phi-2 的 Mistral-7B 在 MMLU 上取得了 65.3% 的准确率，超越了参数更多的 Llama-2-70B。", "A Study of Things",
     {("Mistral-7B", "based_on", "Phi-2"), ("Mistral-7B", "evaluated_on", "MMLU"),
      ("Mistral-7B", "outperforms", "Llama-2-70B")}),
    ("结果表明，DPO 在控制生成情感方面优于基于 PPO 的 RLHF。", "A Study of Things",
     {("DPO", "outperforms", "RLHF"), ("RLHF", "based_on", "PPO"), ("DPO", "outperforms", "PPO")}),
]


def canonical(extractor, name):
    known = extractor.knowledge.vocabulary.lookup(name)
    return known.label if known else name


def in_script(text: str, script: str) -> str:
    from papergraph.text import to_simplified, to_traditional

    return {"as written": text, "zh-Hans": to_simplified(text), "zh-Hant": to_traditional(text)}[script]


@pytest.mark.parametrize("script", ["as written", "zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("summary,title,expected", CASES, ids=[c[0][:24] for c in CASES])
def test_relations_from_real_sentences(extractor, summary, title, expected, script):
    # every sentence is read in the script it was written in and, converted by OpenCC, in the other
    found, _ = relations(extractor, in_script(summary, script), title)
    expected = {(canonical(extractor, s), r, canonical(extractor, o)) for s, r, o in expected}
    assert expected <= found, sorted(found)


def test_training_data_is_not_an_evaluation(extractor):
    found, _ = relations(extractor, "在 15B OpenWebMath 语料库上继续预训练后，Rho-1 在 MATH 数据集上达到 40.6%。",
                         "Rho-1: Not All Tokens Are What You Need")
    assert ("Rho-1", "evaluated_on", "MATH") in found
    assert not any(o == "OpenWebMath" and r == "evaluated_on" for _s, r, o in found)


@pytest.mark.parametrize("summary", ["在 HotpotQA 上對 Qwen2.5-32B-Instruct 進行監督式微調後，它在 MATH 上超越了 o1-preview。",
                                     "在 HotpotQA 上对 Qwen2.5-32B-Instruct 进行微调后，它在 MATH 上超越了 o1-preview。",
                                     # "进行" with no "对" before it, and with "指令" before the verb
                                     "我们在 HotpotQA 上进行了微调，它在 MATH 上超越了 o1-preview。",
                                     "它在 HotpotQA、xP3x 等数据的混合上进行指令微调，在 MATH 上超越了 o1-preview。"])
def test_a_dataset_something_is_fine_tuned_on_is_not_an_evaluation(extractor, summary):
    found, _ = relations(extractor, summary)
    assert not any(o == "HotpotQA" and r == "evaluated_on" for _s, r, o in found)
    assert any(o == "MATH" and r == "evaluated_on" for _s, r, o in found)


def test_variant_of_links_a_sized_model_to_its_family(extractor):
    paper = Paper("2406.00002", "A Study", "在 Zephyr-7B-SFT 和 Llama-3-8B-Instruct 模型上進行微調。", "",
                  sources=[SourceRef("digest.md", 3)])
    x = extractor.extract(paper)
    g = build_graph([paper], [x], extractor.knowledge.vocabulary.entities,
                    load_topic_scheme(str(extractor.knowledge.folder)))
    variant = next(n for n, d in g.nodes(data=True) if d.get("label") == "Llama-3-8B-Instruct")
    families = [g.nodes[v]["label"] for _u, v, d in g.out_edges(variant, data=True) if d["relation"] == "variant_of"]
    assert families == [canonical(extractor, "Llama-3-8B")]


@pytest.mark.parametrize("summary", ["InternLM-XComposer2 匹敌甚至超过了 GPT-4V 和 Gemini Pro。",
                                     "vLLM 的吞吐量相比 FasterTransformer 和 Orca 提升了 2-4 倍。"])
def test_names_listed_after_a_comparison_are_not_compared_with_each_other(extractor, summary):
    found, _ = relations(extractor, summary)
    assert not {(s, o) for s, r, o in found if r == "compared_with"} & {
        (canonical(extractor, a), canonical(extractor, b)) for a, b in (("GPT-4V", "Gemini Pro"),
                                                                        ("FasterTransformer", "Orca"))}


@pytest.mark.parametrize("script", ["as written", "zh-Hant"])
@pytest.mark.parametrize("summary", ["Mixtral 8x7B 在保持与 Llama 2 70B 和 GPT-3.5 相当的性能的同时减少了推理成本。",
                                     "Mixtral 8x7B在保持与Llama 2 70B和GPT-3.5相当的性能的同时减少了推理成本。"])
def test_a_list_between_with_and_the_cue_is_compared_as_a_whole(extractor, summary, script):
    found, _ = relations(extractor, in_script(summary, script))
    compared = {(s, o) for s, r, o in found if r == "compared_with"}
    names = [canonical(extractor, n) for n in ("Mixtral 8x7B", "Llama 2 70B", "GPT-3.5")]
    assert compared == {(names[0], names[1]), (names[0], names[2])}


@pytest.mark.parametrize("summary", [
    "我们的模型 FooLM 以 Llama 2 为基础，在 MMLU 上评估。",
    "我們的模型 FooLM 以 Llama 2 為基礎，在 MMLU 上評估。",
])
def test_yi_frames_based_on_only_with_wei_after_its_object(extractor, summary):
    found, _ = relations(extractor, summary)
    assert ("FooLM", "based_on", "Llama 2") in found


@pytest.mark.parametrize("summary", [
    "我们发布了 Code Llama 和 Mistral 7B，以及 Gemma。",  # 以及: and
    "我们的方法可以像 LoRA 一样部署。",  # 可以: can
    "通过该方法调整的 Orca-2.5 模型以 33% 的胜率超过 GPT-4-Turbo。",  # 以 33% 的胜率: with a win rate
])
def test_yi_inside_other_words_says_nothing_about_based_on(extractor, summary):
    found, _ = relations(extractor, summary)
    assert not {r for r in found if r[1] == "based_on"}


@pytest.mark.parametrize("summary, winner, beaten", [
    ("EAGLE 在 MT-bench 上比 Medusa 快 1.5 倍。", "EAGLE", "Medusa"),
    ("在 MT-bench 上，EAGLE 比 Medusa 更快。", "EAGLE", "Medusa"),
    ("Adam-mini 实现了比 AdamW 高 49.6% 的吞吐量。", "Adam-mini", "AdamW"),
    ("Adam-mini 實現了比 AdamW 高 49.6% 的吞吐量。", "Adam-mini", "AdamW"),
])
def test_bi_frames_outperforms_with_a_better_word_after_its_object(extractor, summary, winner, beaten):
    found, _ = relations(extractor, summary, title=f"{winner}: A Study of Things")
    assert {r for r in found if r[1] == "outperforms"} == {(winner, "outperforms", beaten)}


def test_bi_inside_other_words_or_without_a_better_word_says_nothing(extractor):
    found, _ = relations(extractor, "我们把 EAGLE 与 Medusa 的比例和 Medusa 比较，并比对 AdamW 的日志。")
    assert not {r for r in found if r[1] == "outperforms"}


@pytest.mark.parametrize("summary", [
    "SimPO outperforms DPO by up to 6.4 points on AlpacaEval 2.",
    "Experiments show that SimPO outperforms DPO and IPO on AlpacaEval 2.",
])
def test_what_outperformed_others_on_a_dataset_was_evaluated_there(extractor, summary):
    found, _ = relations(extractor, summary, title="SimPO: Simple Preference Optimization")
    assert {r for r in found if r[1] == "evaluated_on"} == {("SimPO", "evaluated_on", "AlpacaEval 2.0")}


TUNED = [  # (summary, title, (the tuned model, what it was tuned from))
    ("本文介紹 Mistral 7B。我們還提供了一個經指令微調的版本 Mistral 7B – Instruct。", "Mistral 7B",
     ("Mistral-7B-Instruct", "Mistral 7B")),
    ("我们介绍了 Mixtral 8x7B。我们还发布了经过指令微调的 Mixtral 8x7B-Instruct。", "Mixtral of Experts",
     ("Mixtral-8x7B-Instruct", "Mixtral 8x7B")),
    ("我们在 Llama 2 上微调后的 Vicuna 优于 GPT-3.5。", "A Study of Things", ("Vicuna", "Llama 2")),
    ("在 Llama 2 上进行两轮迭代微调后得到的模型（称为 Vicuna），超越了其他模型。", "A Study of Things", ("Vicuna", "Llama 2")),
]


@pytest.mark.parametrize("summary, title, pair", TUNED)
def test_a_name_the_tuning_cue_describes_is_what_was_tuned(extractor, summary, title, pair):
    found, _ = relations(extractor, summary, title=title)
    tuned, parent = pair
    assert {r for r in found if r[1] == "fine_tuned_from"} == {(tuned, "fine_tuned_from", parent)}


@pytest.mark.parametrize("summary", [
    "LoRA Land 托管了 25 个 LoRA 微调的 Mistral-7B 模型。",  # how it was tuned, not from what
    "使用 Magpie 微调的模型表现与官方的 Llama-3-8B-Instruct 相当。",  # the tuned one has no name
])
def test_a_tuning_cue_before_a_name_it_does_not_describe_says_nothing(extractor, summary):
    found, _ = relations(extractor, summary)
    assert not {r for r in found if r[1] == "fine_tuned_from"}


@pytest.mark.parametrize("summary", [
    "We introduce GAIA, a benchmark for General AI Assistants. On it, human respondents obtain 92% vs. 15% for GPT-4.",
    "我们提出了 GAIA，一个通用 AI 助手基准。GAIA 超过了 MMLU 的难度，与 GPT-4 相比人类表现更好。",
])
def test_a_benchmark_outperforms_and_is_compared_with_nothing(extractor, summary):
    found, _ = relations(extractor, summary, title="GAIA: a benchmark for General AI Assistants")
    assert not {r for r in found if r[1] in ("outperforms", "compared_with")}


def test_a_name_in_a_place_frame_is_not_the_sentences_subject(extractor):
    found, _ = relations(extractor, "在 Llama 2 上进行两轮迭代微调后得到的模型（称为 Vicuna），在 MT-Bench 上超越了 GPT-3.5。")
    assert ("Vicuna", "outperforms", "GPT-3.5") in found
    assert not {r for r in found if r[0] == "Llama 2" and r[1] in ("outperforms", "evaluated_on")}


@pytest.mark.parametrize("summary", [
    "Prometheus 在 MT Bench、Vicuna Bench、Feedback Bench 和 Flask Eval 四个基准共 1222 个自定义评分细则上测量相关性。",
    "Prometheus在MT Bench、Vicuna Bench、Feedback Bench和Flask Eval四个基准共1222个自定义评分细则上测量相关性。",
])
def test_a_long_place_frame_holds_every_listed_dataset_spaced_or_not(extractor, summary):
    found, _ = relations(extractor, summary, title="Prometheus: Inducing Fine-grained Evaluation Capability")
    assert len({r for r in found if r[1] == "evaluated_on"}) == 4


def test_the_method_speaks_for_the_authors(extractor):
    found, _ = relations(extractor, "本文提出 Evolutionary Model Merge。该方法的参数空间合并以 TIES-Merging 为基础并结合了 DARE。",
                         "Evolutionary Optimization of Model Merging Recipes")
    assert ("Evolutionary Model Merge", "based_on", "TIES-Merging") in found
