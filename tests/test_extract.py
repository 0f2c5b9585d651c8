import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.extract import Extractor
from papergraph.model import Paper, SourceRef
from papergraph.text import fold


def paper(summary, title="A study", title_zh="", arxiv_id="2401.00001"):
    return Paper(arxiv_id, title, summary, title_zh, sources=[SourceRef("t.md", 1)])


def found(extractor, summary, **kw):
    x = extractor.extract(paper(summary, **kw))
    return {m.surface: m.entity for m in x.mentions}, x


def test_a_name_inside_a_longer_name_is_not_matched(extractor):
    names, _ = found(extractor, "我们使用 QLoRA 训练，SYSTEM 提示很长。")
    assert "LoRA" not in names
    assert "EM" not in names
    assert names["QLoRA"].kind == "Method"


def test_names_glued_to_chinese_are_found(extractor):
    names, _ = found(extractor, "我们使用LoRA微调模型，并在NQ上评估。")
    assert names["LoRA"].label == "LoRA"
    assert names["NQ"].label == "Natural Questions"


def test_traditional_and_simplified_spellings_are_one_entity(extractor):
    hans, _ = found(extractor, "我们采用检索增强生成方法。")
    hant, _ = found(extractor, "我們採用檢索增強生成方法。")
    assert {e.key for e in hans.values()} == {e.key for e in hant.values()} != set()


def test_spelling_variants_are_one_entity(extractor):
    a, _ = found(extractor, "结果超过 GPT-4 Turbo。")
    b, _ = found(extractor, "结果超过 GPT-4-Turbo。")
    assert a["GPT-4 Turbo"].key == b["GPT-4-Turbo"].key


def test_a_sized_variant_is_its_own_entity_in_its_family(extractor):
    names, _ = found(extractor, "我们发现 Llama-3 70B 与人类评判高度一致。")
    variant = names["Llama-3 70B"]
    assert variant.kind == "Model"
    assert variant.family == extractor.knowledge.vocabulary.lookup("Llama 3").key


@pytest.mark.parametrize("summary", ["以 ORPO 微调 Phi-2（2.7B）、Llama-2（7B）与 Mistral（7B）。",
                                     "We fine-tune Phi-2 (2.7B), Llama-2 (7B) and Mistral (7B) with ORPO."])
def test_a_size_in_brackets_after_a_family_names_its_variant(extractor, summary):
    names, _ = found(extractor, summary)
    vocabulary = extractor.knowledge.vocabulary
    by_label = {e.label: (surface, e) for surface, e in names.items()}
    assert by_label["Llama-2-7B"][1].key == vocabulary.lookup("Llama 2 7B").key
    assert by_label["Llama-2-7B"][0] in ("Llama-2（7B）", "Llama-2 (7B)")  # the size is part of the name
    assert by_label["Mistral 7B"][1].key == vocabulary.lookup("Mistral-7B").key
    # Phi-2 comes in one size: the brackets only tell it
    assert by_label["Phi-2"][0] == "Phi-2"


@pytest.mark.parametrize("dash", ["–", "-", "—"])
def test_a_tuned_variant_after_a_spaced_dash_is_the_variant_spelled_as_written(extractor, dash):
    names, _ = found(extractor, f"我們還提供了 Mistral 7B {dash} Instruct，它超越了 Llama 2 13B {dash} Chat。")
    vocabulary = extractor.knowledge.vocabulary
    instruct, chat = names[f"Mistral 7B {dash} Instruct"], names[f"Llama 2 13B {dash} Chat"]
    assert instruct.key == vocabulary.lookup("Mistral-7B-Instruct").key
    assert chat.key == vocabulary.lookup("Llama-2-13B-Chat").key
    assert f"Mistral 7B {dash} Instruct" in instruct.aliases  # found again by the text's spelling


def test_a_number_run_into_letters_after_a_hyphen_makes_a_new_name(extractor):
    names, _ = found(extractor, "Step-Back Prompting improves PaLM-2L on MMLU; we also use Llama-3-8B and GPT-4-based judges.")
    assert names["PaLM-2L"].kind == "Model" and not names["PaLM-2L"].known
    assert {"Llama-3-8B", "GPT-4"} <= set(names)  # a size makes a variant, a plain word leaves the name


def test_a_size_glued_to_a_model_name_is_its_variant(extractor):
    names, _ = found(extractor, "BLIP-2 outperforms Flamingo80B on VQAv2, and GPT4 too.")
    flamingo = extractor.knowledge.vocabulary.lookup("Flamingo")
    assert names["Flamingo80B"].kind == "Model" and names["Flamingo80B"].family == flamingo.key
    assert names["GPT4"].key == extractor.knowledge.vocabulary.lookup("GPT-4").key  # a version, not a size


def test_a_dated_snapshot_after_an_api_model_is_that_snapshot(extractor):
    names, _ = found(extractor, "It outperforms Claude 2 and GPT-4 0613 on AlpacaEval 2.0, with GPT-4 2023 data.")
    vocabulary = extractor.knowledge.vocabulary
    assert names["GPT-4 0613"].key == vocabulary.lookup("gpt-4-0613").key
    assert names["GPT-4"].key == vocabulary.lookup("GPT-4").key  # 2023 is a year, not a month and day


def test_a_spaced_dash_before_anything_but_a_tuning_word_ends_the_name(extractor):
    names, _ = found(extractor, "Llama 2 - 5% of the data - was enough; GPT-4 - Turbo-like behaviour aside.")
    assert "Llama 2" in names and not any(" - " in surface for surface in names)


def test_a_size_in_brackets_after_an_unsized_family_is_a_new_variant(extractor):
    names, _ = found(extractor, "我们微调了 Llama 2（34B）。")
    variant = names["Llama 2（34B）"]
    assert (variant.label, variant.kind, variant.known) == ("Llama 2 34B", "Model", False)
    assert variant.family == extractor.knowledge.vocabulary.lookup("Llama 2").key


def test_the_name_a_title_introduces_is_proposed(extractor):
    _, x = found(extractor, "我们提出了一种新的框架 LongRAG。",
                 title="LongRAG: Enhancing Retrieval-Augmented Generation with Long-context LLMs")
    assert [m.entity.label for m in x.proposes] == ["LongRAG"]
    assert x.proposes[0].entity.kind == "Method"


@pytest.mark.parametrize("summary", ["我们提出了一个 LoRA，用于长文档问答。", "我們提出了一個 LoRA，用於長文件問答。",
                                     "我們提出了一種 LoRA，用於長文件問答。"])
def test_a_known_name_right_after_we_propose_is_proposed_in_either_script(extractor, summary):
    _, x = found(extractor, summary, title="Long documents answered")
    assert [m.entity.label for m in x.proposes] == ["LoRA"]


@pytest.mark.parametrize("summary", ["我们提出了一种新的预算强制（budget forcing）方法。",
                                     "我們提出了一種新穎的預算強制（budget forcing）方法。"])
def test_a_glossed_coinage_is_named_by_its_term_alone_in_either_script(extractor, summary):
    names, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["budget forcing"]
    assert [fold(a) for a in names["budget forcing"].aliases] == ["预算强制"]  # not "一種新穎的預算強制"


@pytest.mark.parametrize("summary", ["为评估此类攻击，我们还构建了 AdvBench 基准。", "为评估此类攻击，我们还构建了AdvBench基准。"])
def test_a_known_name_built_by_the_paper_is_proposed_with_or_without_spaces(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["AdvBench"]


@pytest.mark.parametrize("summary", ["代码见 https://github.com/x/LoRA-Hub 。我们在 HotpotQA 上评估了 GPT-4。",
                                     "代码见https://github.com/x/LoRA-Hub。我们在HotpotQA上评估了GPT-4。",
                                     "代码见github.com/x/LoRA-Hub，我们在HotpotQA上评估了GPT-4。"])
def test_a_url_glued_to_chinese_hides_no_names_after_it(extractor, summary):
    names, _ = found(extractor, summary)
    assert set(names) == {"HotpotQA", "GPT-4"}  # and nothing from inside the URL


@pytest.mark.parametrize("summary", ["我们提出了一种新的自注意力计算方法，称为一致性自注意力，显著提高了一致性。",
                                     "我们提出了一种新的自注意力计算方法,称为一致性自注意力,显著提高了一致性。"])
def test_a_chinese_name_after_a_naming_word_is_proposed_whatever_the_comma(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["一致性自注意力"]


@pytest.mark.parametrize("mark", ["；", ";"])
def test_a_semicolon_joins_clauses_of_one_sentence_whatever_its_width(extractor, mark):
    # the authors speak for the whole sentence: "本文" governs the clause after "；" too
    summary = (f"本文的成功归功于两个因素：其一，改进了数据选择流程{mark}其二，引入组相对策略优化 "
               "(Group Relative Policy Optimization, GRPO)，降低了内存占用。")
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["GRPO"]
    assert x.proposes[0].evidence.sentence == summary


@pytest.mark.parametrize("summary", [
    "Magicoder surpasses ChatGPT on HumanEval+ (66.5 vs. 65.9 in pass@1).",
    "It is evaluated on many benchmarks, e.g. MMLU and GSM8K, as Touvron et al. did.",
    "It rivals known systems (cf. GPT-4) on MMLU, i.e. the hardest benchmark.",
    "Our model ranks No. 1 on MTEB and beats GPT-4 on MMLU.",
    "为此我们提出 Dr. GRPO，一种无偏的优化方法，在 AIME 2024 上优于 GRPO。",
    "Dr. GRPO removes the length bias of GRPO on MATH.",
])
def test_an_abbreviations_point_does_not_end_the_sentence(extractor, summary):
    x = extractor.extract(Paper("2406.00001", "A study", summary, "", sources=[SourceRef("digest.md", 1)]))
    assert {m.evidence.sentence for m in x.mentions} == {summary}


def test_a_known_name_with_a_title_in_it_is_proposed_whole(extractor):
    _, x = found(extractor, "为此我们提出 Dr. GRPO，一种无偏的优化方法。")
    assert [m.entity.label for m in x.proposes] == ["Dr. GRPO"]


def test_a_sentence_ending_in_no_still_ends(extractor):
    summary = "Is a larger model always better? No. Llama 2 beats GPT-3 on MMLU."
    x = extractor.extract(Paper("2406.00001", "A study", summary, "", sources=[SourceRef("digest.md", 1)]))
    assert {m.evidence.sentence for m in x.mentions} == {"Llama 2 beats GPT-3 on MMLU."}


@pytest.mark.parametrize("summary", ["该后缀自动生成，我们称之为贪心坐标梯度 (Greedy Coordinate Gradient, GCG)。",
                                     "該後綴自動生成，我們稱之為貪心坐標梯度 (Greedy Coordinate Gradient, GCG)。"])
def test_a_known_name_glossed_by_its_own_english_phrase_is_proposed(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["GCG"]


@pytest.mark.parametrize("summary, proposed", [
    ("本文提出了剪枝攻击树 TAP (Tree of Attacks with Pruning)，一种自动生成越狱提示的方法。", ["TAP"]),
    ("本文提出了剪枝攻擊樹 TAP (Tree of Attacks with Pruning)，一種自動生成越獄提示的方法。", ["TAP"]),
    # a description, not a translation: the known name is what it improves
    ("本文提出了改进的剪枝攻击树 TAP (Tree of Attacks with Pruning)。", []),
])
def test_a_known_name_after_its_translation_and_spelled_out_after_the_verb_is_proposed(extractor, summary,
                                                                                          proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


def test_a_known_acronym_glossing_a_longer_chinese_term_is_not_what_is_proposed(extractor):
    # the Chinese term is a new variant that the known name only describes
    _, x = found(extractor, "我们提出了在线迭代人类反馈强化学习（RLHF）。")
    assert "RLHF" not in [m.entity.label for m in x.proposes]


@pytest.mark.parametrize("summary, kind", [
    ("我们提出了多证据校准 (Multiple Evidence Calibration)，让评估模型先给出证据。", "Method"),
    ("我們提出了多證據校準 (Multiple Evidence Calibration)，讓評估模型先給出證據。", "Method"),
    ("我们提出了多证据校准 (Multiple Evidence Calibration) 任务。", "Task"),
])
def test_a_proposed_kind_of_a_known_task_is_a_method_unless_called_a_task(extractor, summary, kind):
    # 校准 (calibration) is a task the vocabulary knows; the authors' own variant is a way of doing it
    names, x = found(extractor, summary)
    assert names["Multiple Evidence Calibration"].kind == kind
    assert [m.entity.label for m in x.proposes] == ["Multiple Evidence Calibration"]


@pytest.mark.parametrize("summary", ["此外，我们为检索文件设计了先分解后重组（decompose-then-recompose）算法。",
                                     "此外，我們為檢索文件設計了先分解後重組（decompose-then-recompose）演算法。"])
def test_what_the_authors_designed_is_proposed(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["decompose-then-recompose"]


@pytest.mark.parametrize("summary", ["我们评估并比较了多种架构设计原则 (design principles)。",
                                     "我们设计了一种合成文档堆叠（Haystacks）的方法。"])
def test_design_as_a_noun_or_what_a_method_makes_is_not_proposed(extractor, summary):
    _, x = found(extractor, summary)
    assert x.proposes == []


def test_every_name_a_proposal_lists_is_proposed(extractor):
    _, x = found(extractor, "我们还提出了自蒸馏 (self-distillation) 和典型接受方案 (typical acceptance scheme) 等扩展。")
    assert [m.entity.label for m in x.proposes] == ["Self-Distillation", "typical acceptance scheme"]
    _, x = found(extractor, "我们提出四个维度，即知识不足 (IK)、泛化不足 (IG)、完全掌握 (CM) 与过度拟合 (OF)。")
    assert [m.entity.label for m in x.proposes] == ["IK", "IG", "CM", "OF"]


def test_a_one_word_translation_after_the_proposal_is_no_listed_short_form(extractor):
    names, x = found(extractor, "我们提出 QuaRot，一种基于旋转（Rotation）的新量化方案。")
    assert [m.entity.label for m in x.proposes] == ["QuaRot"]
    assert "Rotation" not in names


def test_a_known_name_later_in_the_sentence_is_not_listed_with_the_proposal(extractor):
    names, x = found(extractor, "我们提出了思维树 (Tree of Thoughts, ToT)，它推广了流行的思维链 (Chain-of-Thought) 提示方法。")
    assert [m.entity.label for m in x.proposes] == ["Tree of Thoughts"]
    assert not any("推广" in alias for alias in names["Chain-of-Thought"].aliases)


def test_numbered_versions_of_a_proposed_method_are_proposed_methods(extractor):
    names, x = found(extractor, "本文提出 Medusa，一种推理加速方法。Medusa-1 在冻结的骨干模型上微调；Medusa-2 与骨干模型联合微调。",
                     title="Medusa: Simple LLM Inference Acceleration Framework")
    assert [m.entity.label for m in x.proposes] == ["Medusa", "Medusa-1", "Medusa-2"]
    assert names["Medusa-2"].kind == "Method" and names["Medusa-2"].family == names["Medusa"].key
    sized, _ = found(extractor, "我们在 Medusa-2 7B 上实验。")
    assert sized["Medusa-2 7B"].kind == "Model"  # a sized method is a model


def test_a_known_variant_of_a_proposed_model_is_proposed_too(extractor):
    _, x = found(extractor, "我们介绍 Mixtral 8x7B，一种稀疏专家混合语言模型。我们还提供了经过指令微调的 Mixtral 8x7B-Instruct。"
                            "它超过了 GPT-3.5 Turbo。", title="Mixtral of Experts")
    assert [m.entity.label for m in x.proposes] == ["Mixtral 8x7B", "Mixtral-8x7B-Instruct"]


def test_a_checkpoint_of_a_proposal_named_by_its_size_alone_is_not_proposed(extractor):
    _, x = found(extractor, "我们提出了 FooMoE，一种专家混合架构。FooMoE 16B 与 FooMoE-2.7B 的表现接近 Llama 2 7B；"
                            "FooMoE-16B-Chat 在 MT-Bench 上更强。", title="FooMoE: Towards Expert Specialization")
    assert [m.entity.label for m in x.proposes] == ["FooMoE", "FooMoE-16B-Chat"]


def test_a_name_whose_number_goes_on_past_a_proposals_is_no_variant_of_it(extractor):
    _, x = found(extractor, "基于这一框架，作者设计了新架构 Foo-2。Foo-2-2.7B 优于 Foo-2.8B 和 Pythia。",
                 title="Foo-2: Structured State Space Duality")
    assert "Foo-2.8B" not in [m.entity.label for m in x.proposes]


def test_a_joined_spelling_of_letters_keeps_its_case(extractor):
    # "MultiPLE" is MultiPL-E written without its hyphen; "multiple" is a word
    names, _ = found(extractor, "我们在 MultiPLE 上评估了多个 (multiple) 模型。")
    assert set(names) == {"MultiPLE"} and names["MultiPLE"].label == "MultiPL-E"
    assert "Multiple" not in found(extractor, "Multiple Decoding Heads 提升速度。")[0]


@pytest.mark.parametrize("summary", ["它包括双重量化 (Double Quantization)，以及用于管理内存峰值的分页优化器 (Paged Optimizers)。",
                                     "它包括雙重量化（Double Quantization），以及用於管理記憶體峰值的分頁優化器（Paged Optimizers）。"])
def test_a_chinese_term_glossed_by_a_title_case_name_is_a_name(extractor, summary):
    names, _ = found(extractor, summary)
    assert {n: e.kind for n, e in names.items()} == {"Double Quantization": "Method", "Paged Optimizers": "Method"}
    plain, _ = found(extractor, "我们研究大型语言模型 (Large Language Models) 的推理能力。")
    assert "Large Language Models" not in plain  # a generic term is not a name


@pytest.mark.parametrize("summary", ["我们提出了三个新的评测基准，即概念遗忘 (CFB)、推理断裂 (RBB) 和奖励模型 (RM)。",
                                     "我們提出了三個新的評測基準，即概念遺忘 (CFB)、推理斷裂 (RBB) 與獎勵模型 (RM)。"])
def test_names_after_namely_are_what_the_phrase_before_it_says(extractor, summary):
    names, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["CFB", "RBB"]  # "奖励模型 (RM)" abbreviates a generic term
    assert {names[n].kind for n in ("CFB", "RBB")} == {"Dataset"}
    assert [fold(a) for a in names["CFB"].aliases] == ["概念遗忘"]


def test_taiwan_kind_nouns_type_names_as_mainland_ones_do(extractor):
    # 資料集 is Taiwan usage for 数据集; OpenCC converts the script, not the word
    names, _ = found(extractor, "它在 OpenAI Moderation Evaluation 資料集與 ToxicChat 等現有基準上表現強勁。")
    assert names["OpenAI Moderation Evaluation"].kind == "Dataset"  # the organisation stays in the name
    names, _ = found(extractor, "我們為檢索文件設計了 ZigZag 演算法。")
    assert names["ZigZag"].kind == "Method"


@pytest.mark.parametrize("verb", ["构建了", "建構了"])
def test_taiwan_word_order_of_a_making_verb_makes_a_proposal(extractor, verb):
    # 建構 is Taiwan usage for 构建 ("construct"), the same two characters the other way round
    _, x = found(extractor, f"我們推出 BloombergGPT，一個金融語言模型。我們依據彭博的資料來源，{verb} 3630 億 token 的資料集 FinPile。")
    assert [m.entity.label for m in x.proposes] == ["BloombergGPT", "FinPile"]


@pytest.mark.parametrize("summary, proposed", [
    # the verb describes 数据集 (ToolBench): the source named past the colon is not what was built
    ("我们首先介绍 ToolBench，一个使用 ChatGPT 自动构建的工具使用指令微调数据集：从 RapidAPI Hub 收集了 16,464 个 API。",
     ["ToolBench"]),
    ("我們首先介紹 ToolBench，一個使用 ChatGPT 自動建構的工具使用指令微調資料集：從 RapidAPI Hub 蒐集了 16,464 個 API。",
     ["ToolBench"]),
    ("我们提出的 LongRAG 框架在 NQ 上表现出色。", ["LongRAG"]),  # the name inside the verb's own clause
])
def test_a_verb_used_as_an_attribute_proposes_only_inside_its_clause(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


@pytest.mark.parametrize("summary", [
    "We propose Zebra (Zero-shot Embedding Bridge for Retrieval Alignment), a retrieval model that works.",
    "We introduce Quokka (Question Understanding with Knowledge Keys), a model for question answering.",
])
def test_a_plain_word_spelled_out_in_brackets_after_the_verb_is_the_proposal(extractor, summary):
    # the bracket holds the name's long form: an alias, no name of its own
    names, x = found(extractor, summary)
    name = summary.split()[2]
    assert [m.entity.label for m in x.proposes] == [name]
    assert names[name].kind == "Model"
    assert summary.split("(")[1].split(")")[0] in names[name].aliases
    assert len({e.key for e in names.values()}) == 1


def test_a_bracket_that_does_not_spell_the_name_is_no_long_form_of_it(extractor):
    from papergraph.extract.discovery import _spells

    assert _spells("Nougat", "Neural Optical Understanding for Academic Documents")
    assert not _spells("Zebra", "Fast Object Optimal Bar")
    assert not _spells("Zebra", "Zero")  # one word spells nothing


@pytest.mark.parametrize("summary, proposed", [
    ("To fill these gaps, we release the Weapons of Mass Destruction Proxy (WMDP) benchmark, a dataset of questions.",
     ["WMDP"]),
    # the long form must spell the short one: here the bracket only says what is used
    ("To fill these gaps, we release the new safety questions (WMDP) to everyone.", []),
])
def test_a_known_short_form_right_after_its_long_form_after_the_verb_is_introduced(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


@pytest.mark.parametrize("summary, proposed", [
    ("The models are trained on MathInstruct, our meticulously curated instruction tuning dataset.", ["MathInstruct"]),
    ("模型在 MathInstruct（我们的指令微调数据集）上训练。", []),  # not an apposition after a comma
    ("The models are trained on MathInstruct, a popular instruction tuning dataset.", []),  # someone else's
])
def test_a_known_name_the_text_calls_our_own_is_proposed(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


def test_a_known_name_after_called_is_introduced_and_is_not_its_predecessor(extractor):
    names, x = found(extractor, "We introduce the latest progress of Qwen-Audio, a large-scale audio-language "
                                "model called Qwen2-Audio, which accepts audio inputs.", title="Qwen2-Audio Technical Report")
    assert names["Qwen2-Audio"].key != names["Qwen-Audio"].key  # a new generation, not a spelling
    assert [m.entity.label for m in x.proposes] == ["Qwen2-Audio"]


@pytest.mark.parametrize("title, proposed", [
    ("Taming Throughput-Latency Tradeoff in LLM Inference with Sarathi-Serve", ["Sarathi-Serve"]),
    ("Faster Decoding via FlashSpec", ["FlashSpec"]),
    ("Fine-Tuning Language Models with LoRA", []),  # a known name: used, not introduced
    ("Improving Retrieval with Feedback", []),  # a plain word
])
def test_a_title_ending_with_a_new_name_after_with_or_via_introduces_it(extractor, title, proposed):
    # a BibTeX entry often has no abstract: the title is all there is
    _, x = found(extractor, "", title=title)
    assert [m.entity.label for m in x.proposes] == proposed


def test_a_plain_word_listed_between_names_of_one_kind_is_one(extractor):
    names, _ = found(extractor, "我们在 PopQA、Biography、PubHealth 与 ARC-Challenge 上进行实验。")
    assert names["Biography"].kind == "Dataset"
    names, _ = found(extractor, "我们在 PopQA 上进行实验，Biography 与 ARC-Challenge 留待以后。")
    assert "Biography" not in names  # not inside a list


def test_a_lower_case_size_after_a_hyphen_is_a_sized_variant(extractor):
    names, _ = found(extractor, "Llama Guard 以 Llama2-7b 为基础。")
    assert names["Llama2-7b"].label == "Llama-2-7B"


@pytest.mark.parametrize("summary", ["我们提出框架 Self-RAG，并使用被称为反思令牌 (reflection tokens) 的特殊标记进行反思。",
                                     "我們提出框架 Self-RAG，並使用被稱為反思令牌（reflection tokens）的特殊標記進行反思。"])
def test_a_named_term_glossed_in_lower_case_is_a_name_the_authors_coin(extractor, summary):
    names, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["Self-RAG", "reflection tokens"]
    assert [fold(a) for a in names["reflection tokens"].aliases] == ["反思令牌"]
    # without a naming word a lower-case gloss is only a translation
    names, _ = found(extractor, "我们的方法使用反思令牌 (reflection tokens) 进行反思。")
    assert "reflection tokens" not in names


def test_a_title_phrase_is_not_a_name(extractor):
    _, x = found(extractor, "我们研究了评判者。", title="Judging the Judges: Evaluating Alignment")
    assert x.proposes == []


def test_unknown_names_are_typed_from_cues(extractor):
    names, _ = found(extractor, "我们在 FooQA 基准和 BarNet-7B 模型上做了实验，并构建了 Zyx-Bench。")
    assert names["FooQA"].kind == "Dataset"
    assert names["BarNet-7B"].kind == "Model"
    assert names["Zyx-Bench"].kind == "Dataset"


@pytest.mark.parametrize("summary", ["我们比较了 RLHF、DPO 与 ZorbaPO 三种对齐方法。",
                                     "我們比較了 RLHF、DPO 與 ZorbaPO 三種對齊方法。"])
def test_an_unknown_name_listed_with_known_ones_is_of_their_kind(extractor, summary):
    names, _ = found(extractor, summary)
    assert names["ZorbaPO"].kind == "Method"


def test_generic_words_are_not_entities(extractor):
    names, _ = found(extractor, "大型語言模型（LLMs）和 MLLM 的 LLM 能力。")
    assert not names


@pytest.mark.parametrize("summary", [
    "极大地扩展了大语言模型 (Large Language Model, LLM) 的功能。",
    "大视觉-语言模型 (Large Vision-Language Model, LVLM) 领域已取得显著进展。",
])
def test_a_generic_phrase_glossed_in_english_is_not_trimmed_into_a_name(extractor, summary):
    # "Model" is trimmed off names ("Mistral-7B Model"), but not off a phrase that is generic whole
    names, _ = found(extractor, summary)
    assert not names


def test_parallel_extraction_gives_the_serial_result():
    from papergraph.build import BuildReport, read_papers
    from papergraph.extract.parallel import extract_papers
    from conftest import SEEDS

    papers = read_papers([SEEDS], BuildReport())[:30]
    assert list(extract_papers(papers, jobs=2, chunk_size=4)) == list(extract_papers(papers, jobs=1))


def test_batched_extraction_gives_what_paper_by_paper_extraction_gives(extractor):
    from papergraph.build import BuildReport, read_papers
    from conftest import SEEDS

    papers = read_papers([SEEDS], BuildReport())[:40]
    # batches of 16 over 40 papers: two full batches and a short one
    assert list(extractor.extract_many(papers, batch_size=16)) == [extractor.extract(p) for p in papers]
    docs = list(extractor.pipe(papers, batch_size=16))
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs] == \
        [[(e.start_char, e.end_char, e.label_) for e in extractor.doc(p).ents] for p in papers]


def test_a_paper_a_component_fails_on_is_noted_and_the_rest_of_its_batch_goes_on():
    from papergraph.build import BuildReport, read_papers
    from papergraph.extract.parallel import extract_with_notes
    from papergraph.extract.state import state
    from conftest import SEEDS

    extractor = Extractor()
    papers = read_papers([SEEDS], BuildReport())[:6]
    expected = [extractor.extract(p) for p in papers]
    relations = extractor._components[extractor.nlp.pipe_names.index("pg_relations")]

    def failing_on_the_poison(doc):
        if "POISON" in state(doc).text:
            raise RuntimeError("bad sentence")
        return relations(doc)

    extractor._components[extractor.nlp.pipe_names.index("pg_relations")] = failing_on_the_poison
    poison = paper("我们提出 POISON，在 NQ 上评估。", arxiv_id="2401.09999")
    batch = papers[:3] + [poison] + papers[3:]
    results = extract_with_notes(extractor, batch)
    assert [x for x, _notes in results[:3] + results[4:]] == expected
    assert all(not notes for _x, notes in results[:3] + results[4:])
    failed, notes = results[3]
    assert failed.arxiv_id == "2401.09999" and not failed.mentions
    assert [n.code for n in notes] == ["extraction-failed"]
    assert "2401.09999" in notes[0].message and "RuntimeError: bad sentence" in notes[0].message
    with pytest.raises(RuntimeError, match="bad sentence"):
        list(extractor.pipe(batch))


def test_spacy_doc_carries_the_names_as_ents(extractor):
    # spaCy stays the frame: a user of the pipeline gets Spans with the kinds
    doc = extractor.doc(paper("我们提出 LongRAG，在NQ上的EM达到62.7%，超过了GPT-4 Turbo。采用检索增强生成。"))
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("LongRAG", "Method") in ents or ("LongRAG", "Model") in ents
    assert ("NQ", "Dataset") in ents and ("EM", "Metric") in ents
    assert ("GPT-4 Turbo", "Model") in ents
    assert any(text == "检索增强生成" for text, _ in ents)  # a Chinese name, token by token
    assert [e.start_char for e in doc.ents] == sorted(e.start_char for e in doc.ents)
    # every token is annotated as spaCy's own NER leaves it: B/I inside a name, O elsewhere
    inside = {i for e in doc.ents for i in range(e.start, e.end)}
    assert [t.ent_iob_ for t in doc] == [("B" if t.i in {e.start for e in doc.ents} else "I") if t.i in inside
                                         else "O" for t in doc]
    assert not extractor.doc(paper("没有任何名字的一句话。")).ents


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["LoRA", "QLoRA", "NQ", "EM", "GPT-4 Turbo", "Llama-3 70B", "检索增强生成", "我们提出",
                                 "LongRAG", "在", "上", "，", " ", "  ", "-", "达到 62.7%", "ＲＡＧ", "x", "\n"]),
                max_size=12).map("".join))
def test_doc_ents_are_the_names_found_as_char_span_expands_them(extractor, text):
    # pg_entities writes the IOB columns in runs; the reference is spaCy's own
    # char_span(..., alignment_mode="expand") per name, a name kept unless it shares a token
    doc = extractor.doc(paper(text or "x"))
    expected, last = [], 0
    for start, end, entity in doc.user_data["papergraph"].ordered_names():
        span = doc.char_span(start, end, label=entity.kind, alignment_mode="expand")
        if span is not None and span.start >= last:
            expected.append((span.start, span.end, entity.kind))
            last = span.end
    assert [(e.start, e.end, e.label_) for e in doc.ents] == expected
    assert all(t.ent_iob_ in ("B", "I", "O") for t in doc)


def test_a_names_only_pipeline_gives_the_vocabulary_names_as_ents():
    from papergraph.extract import NAMES_ONLY

    names_only = Extractor(components=NAMES_ONLY)
    assert names_only.nlp.pipe_names == list(NAMES_ONLY)
    doc = names_only.doc(paper("我们提出 LongRAG，在NQ上的EM达到62.7%，超过了GPT-4 Turbo。"))
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ents == [("NQ", "Dataset"), ("EM", "Metric"), ("GPT-4 Turbo", "Model")]  # LongRAG is discovered
    with pytest.raises(ValueError, match="full pipeline"):
        names_only.extract(paper("x"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", "1", "-", ",", ".", " ", "中", "LoRA", "7B", "+", "3,"]), max_size=15)
       .map("".join), st.integers(0, 30))
def test_a_name_never_starts_inside_a_word(text, pos):
    # NAME looks behind its first character; a name starts only where no letter,
    # digit or hyphen (nor a "3," of a number) stands before it, even from `pos`
    from papergraph.extract.names import NAME

    for m in NAME.finditer(text, min(pos, len(text))):
        before = text[max(0, m.start() - 2):m.start()]
        assert not (before[-1:].isascii() and (before[-1:].isalnum() or before[-1:] == "-"))
        assert not (len(before) == 2 and before[0].isdigit() and before[1] == ",")
        assert m.group()[0].isascii() and m.group()[0].isalnum()


QLORA_ZH = ("我们提出 QLoRA，一种高效的微调方法。QLoRA 引入了多项节省内存的创新：(a) 4 位 NormalFloat (NF4)，"
            "一种新的数据类型；(b) 双重量化 (Double Quantization)，减少平均内存占用；(c) 分页优化器 (Paged Optimizers)，"
            "用于管理内存峰值。")
QLORA_EN = ("We present QLoRA, an efficient finetuning approach. QLoRA introduces a number of innovations to save "
            "memory: (a) 4-bit NormalFloat (NF4), a new data type; (b) Double Quantization to reduce the average "
            "memory footprint; and (c) Paged Optimizers to manage memory spikes.")


@pytest.mark.parametrize("summary", [QLORA_ZH, QLORA_EN])
def test_each_item_a_proposal_enumerates_is_proposed(extractor, summary):
    _, x = found(extractor, summary, title="QLoRA: Efficient Finetuning of Quantized LLMs")
    assert [m.entity.label for m in x.proposes] == ["QLoRA", "NF4", "Double Quantization", "Paged Optimizers"]


def test_a_new_long_form_of_a_known_short_name_is_that_name(extractor):
    # "NormalFloat (NF4)": NF4 is known; NormalFloat is its long form, not a second entity
    names, x = found(extractor, QLORA_ZH, title="QLoRA: Efficient Finetuning of Quantized LLMs")
    nf4 = extractor.knowledge.vocabulary.lookup("NF4")
    assert names["NormalFloat"].key == names["NF4"].key == nf4.key
    assert "NormalFloat" in x.entities[nf4.key].aliases


@pytest.mark.parametrize("summary", ["我们委托编写了 Grade School Math 1000（GSM1k）。GSM1k 对标 GSM8k。",
                                     "我們委託編寫了 Grade School Math 1000（GSM1k）。GSM1k 對標 GSM8k。"])
def test_a_long_form_spelling_out_a_known_short_names_number_is_that_name(extractor, summary):
    # "1k" is 1000: a number's multiplier, no letter the long form has to spell
    names, x = found(extractor, summary)
    gsm1k = extractor.knowledge.vocabulary.lookup("GSM1k")
    assert names["Grade School Math 1000"].key == gsm1k.key
    assert "Grade School Math 1000" in x.entities[gsm1k.key].aliases


def test_a_small_word_of_the_title_is_not_a_proposed_name(extractor):
    _, x = found(extractor, "QLoRA introduces a number of innovations to save memory.",
                 title="QLoRA: Efficient Finetuning of Quantized LLMs")
    assert [m.entity.label for m in x.proposes] == ["QLoRA"]
    assert "of" not in {m.surface for m in x.mentions}


def test_an_enumeration_outside_a_proposal_proposes_nothing(extractor):
    _, x = found(extractor, "现有方法有三类：(a) 检索增强生成 (RAG)；(b) 微调 (Fine-Tuning)；(c) 提示工程。")
    assert x.proposes == []


@pytest.mark.parametrize("summary", ["我们介绍了 Mixtral 8x7B，一种稀疏专家混合（Sparse Mixture of Experts, SMoE）语言模型。",
                                     "我們介紹了 Mixtral 8x7B，一種稀疏專家混合（Sparse Mixture of Experts, SMoE）語言模型。"])
def test_a_short_form_is_the_kind_of_the_known_name_its_long_form_ends_in(extractor, summary):
    # the noun after the bracket ("语言模型") describes Mixtral, not what SMoE abbreviates
    names, _ = found(extractor, summary)
    assert names["SMoE"].kind == "Method"


@pytest.mark.parametrize("summary, name", [
    ("在 s1K 上微调后，我们的模型 s1-32B 在 AIME24 上超越了 o1-preview。", "s1-32B"),
    ("在 s1K 上微調後，我們的模型 s1-32B 在 AIME24 上超越了 o1-preview。", "s1-32B"),
    ("With budget forcing, our model s1-32B exceeds o1-preview on AIME24.", "s1-32B"),
])
def test_a_new_name_the_authors_own_kind_noun_introduces_is_proposed(extractor, summary, name):
    _, x = found(extractor, summary)
    assert name in [m.entity.label for m in x.proposes]


@pytest.mark.parametrize("summary, proposed", [
    ("把 CPO 应用于 ALMA 带来显著提升。得到的模型 ALMA-R 在 WMT'22 上超过 GPT-4。", ["ALMA-R"]),
    ("把 CPO 應用於 ALMA 帶來顯著提升。得到的模型 ALMA-R 在 WMT'22 上超過 GPT-4。", ["ALMA-R"]),
    # a known name after it is what went in, not what came out
    ("用 LoRA 微调后，得到的模型 Llama 2 在 MMLU 上表现良好。", []),
])
def test_a_new_name_the_resulting_model_introduces_is_proposed(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


def test_a_known_name_after_our_model_is_not_proposed(extractor):
    _, x = found(extractor, "我们的模型 Llama 2 在 MMLU 上表现良好。")
    assert x.proposes == []


@pytest.mark.parametrize("summary", ["我們的演算法 AQLM 將加法量化推廣到 LLM 壓縮。",
                                     "Our algorithm AQLM generalizes additive quantization to LLM compression."])
def test_a_known_method_after_the_authors_own_method_noun_is_proposed(extractor, summary):
    # the vocabulary knows AQLM, but "our model X" is the one they started from far more
    # often than "our algorithm X" is someone else's
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["AQLM"]


@pytest.mark.parametrize("summary", ["首先，我们整理了包含 1,000 道问题的小型数据集 s1K。",
                                     "First, we compile s1K, a small dataset of 1,000 questions."])
def test_a_dataset_the_authors_compile_is_proposed(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["s1K"]


def test_a_tuned_variant_is_its_own_entity_in_its_family(extractor):
    names, _ = found(extractor, "我们提供基础模型 Code Llama、Python 专用版本 Code Llama - Python，以及指令遵循模型 "
                                "Code Llama - Instruct。")
    family = names["Code Llama"]
    assert names["Code Llama - Python"].family == names["Code Llama - Instruct"].family == family.key
    assert len({names[n].key for n in ("Code Llama", "Code Llama - Python", "Code Llama - Instruct")}) == 3


def test_a_hyphenated_count_is_not_a_name(extractor):
    names, x = found(extractor, "We release a 7-billion-parameter model and a 4-bit model.")
    assert not {"7-billion-parameter", "4-bit"} & set(names)
    assert x.proposes == []


@pytest.mark.parametrize("summary", ["本文从 Alpaca 的 52k 数据中筛出 9k 条高质量数据。",
                                     "廣泛使用的資料集（例如 Alpaca 的 52k 資料）包含低品質樣本。"])
def test_a_count_in_lower_case_is_not_a_name(extractor, summary):
    names, _ = found(extractor, summary)
    assert "Alpaca" in names and not {"52k", "9k"} & set(names)


@pytest.mark.parametrize("summary", [
    "Our model leverages grouped-query attention (GQA) for faster inference. GQA also saves memory.",
    "我们的模型采用分组查询注意力 Grouped-Query Attention (GQA) 以加快推理，GQA 还节省显存。",
])
def test_a_short_form_the_paper_defines_names_what_it_abbreviates_not_its_namesake(extractor, summary):
    # GQA is also a dataset; here the text says it is grouped-query attention
    names, _ = found(extractor, summary)
    gqa = extractor.knowledge.vocabulary.lookup("Grouped-Query Attention")
    assert names["GQA"].key == gqa.key


@pytest.mark.parametrize("summary", ["We introduce Mistral 7B v0.1, a language model built for efficiency.",
                                     "我们介绍 Mistral 7B v0.1，一个 70 亿参数的语言模型。"])
def test_a_known_variant_right_after_the_verb_is_proposed_whole(extractor, summary):
    _, x = found(extractor, summary, title="Mistral 7B")
    assert [m.surface for m in x.proposes] == ["Mistral 7B v0.1"]


def test_a_proposal_verb_glossed_in_brackets_is_a_term_not_a_verb(extractor):
    # 开源 (open-source) is a proposal verb, but "开源（OSS）LLM" says what the LLMs are
    names, x = found(extractor, "我们提出 AgentBench，一个新的基准。我们对 27 个基于 API 的和开源（OSS）LLM 进行了测试。",
                     title="AgentBench: Evaluating LLMs as Agents")
    assert [m.entity.label for m in x.proposes] == ["AgentBench"]
    assert "OSS" not in names


def test_a_name_glossing_a_proposal_verb_is_not_proposed(extractor):
    _, x = found(extractor, "我们提出 AgentBench，一个新的基准。我们对多个开源（OSM）模型进行了测试。",
                 title="AgentBench: Evaluating LLMs as Agents")
    assert [m.entity.label for m in x.proposes] == ["AgentBench"]


@pytest.mark.parametrize("summary", ["我們最大的模型（即 Stable Diffusion 3）超越了最先進的模型。",
                                     "Our largest model (Stable Diffusion 3) beats the state of the art."])
def test_a_known_name_in_apposition_to_the_authors_model_is_proposed(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["Stable Diffusion 3"]


@pytest.mark.parametrize("summary", ["先前研究顯示，在較大模型的輸出上進行蒸餾監督式微調（dSFT）能顯著提升任務準確度。",
                                     "先前研究显示，在较大模型的输出上进行蒸馏监督式微调（dSFT）能显著提升任务准确度。"])
def test_a_short_form_glossing_a_longer_term_than_the_known_name_before_it_is_its_own(extractor, summary):
    # the bracket glosses 蒸馏监督式微调, not the SFT at its end: dSFT is a method of its own
    names, _ = found(extractor, summary)
    sft = extractor.knowledge.vocabulary.lookup("SFT")
    assert names["dSFT"].key != sft.key and names["dSFT"].kind == "Method"


@pytest.mark.parametrize("summary", [
    "我們引入分組查詢注意力（grouped-query attention, GQA），作為多查詢注意力的推廣。上訓練後的 GQA 品質接近多頭注意力。",
    "We introduce grouped-query attention (GQA), a generalization of multi-query attention. Uptrained GQA comes close "
    "to multi-head attention.",
    # not proposed, only used: the gloss and the short form share one bracket
    "借助嵌入共享和分组查询注意力（grouped-query attention, GQA），作者建立了一个强基线网络。",
])
def test_the_short_form_a_gloss_gives_names_its_entity_not_a_namesake(extractor, summary):
    names, x = found(extractor, summary)
    gqa = extractor.knowledge.vocabulary.lookup("Grouped-Query Attention")
    assert names["GQA"].key == gqa.key  # not the GQA dataset
    assert not x.results


def test_a_lower_case_gloss_headed_by_a_kind_noun_is_no_name(extractor):
    _, x = found(extractor, "我们还引入了一个细化模型（refinement model），以提升生成样本的质量。")
    assert x.proposes == []


@pytest.mark.parametrize("summary", ["只需对 LLaVA 做简单的修改，我们就建立了更强的基线 LLaVA-1.5。",
                                     "With simple modifications to LLaVA, we establish a stronger baseline LLaVA-1.5."])
def test_a_known_name_the_authors_introduce_as_their_baseline_is_proposed(extractor, summary):
    _, x = found(extractor, summary, title="Improved Baselines with Visual Instruction Tuning")
    assert [m.entity.label for m in x.proposes] == ["LLaVA-1.5"]


def test_mixed_precision_before_another_noun_is_no_training_method(extractor):
    names, _ = found(extractor, "为避免硬件上低效的混合精度量化，我们缩放显著权重通道。")
    assert not any(e.label == "Mixed Precision Training" for e in names.values())


@pytest.mark.parametrize("summary", [
    "我們釋出了 Segment Anything Model（SAM）以及對應的資料集 SA-1B（包含 10 億個遮罩），以促進研究。",
    "我们发布了 Segment Anything Model（SAM）以及对应的数据集 SA-1B（包含 10 亿个掩码），以促进研究。",
    "We release the Segment Anything Model (SAM) and the corresponding dataset SA-1B of 1B masks.",
])
def test_a_name_a_conjunction_and_kind_noun_add_to_a_proposal_is_proposed(extractor, summary):
    names, x = found(extractor, summary, title="Segment Anything")
    assert [m.entity.label for m in x.proposes] == ["SAM", "SA-1B"]
    assert names["SA-1B"].kind == "Dataset"


def test_a_title_head_the_summary_abbreviates_is_proposed(extractor):
    names, x = found(extractor, "然后，“大海捞针摘要”（SummHay）任务要求系统处理这些文档。",
                     title="Summary of a Haystack: A Challenge to Long-Context LLMs and RAG Systems")
    assert [m.entity.label for m in x.proposes] == ["Summary of a Haystack"]
    assert names["SummHay"].key == names["Summary of a Haystack"].key
    assert names["SummHay"].kind == "Task"  # what the text says of it, not "LLMs" after "A Challenge to"


def test_a_known_name_in_brackets_is_no_short_form_of_the_title_head(extractor):
    _, x = found(extractor, "我们评估了低秩适应 (LoRA) 微调的模型。", title="LoRA Land: 310 Fine-tuned LLMs that Rival GPT-4")
    assert all(m.entity.label != "LoRA Land" or "LoRA" not in m.entity.aliases for m in x.mentions)


def test_an_english_description_is_of_the_kind_its_head_noun_says(extractor):
    kinds = extractor.nlp.get_pipe("pg_discovery").kinds
    assert kinds.describes("A Challenge to Long-Context LLMs and RAG Systems") is None
    assert kinds.describes("A ROS framework for embodied AI") == "Method"
    assert kinds.describes("A Benchmark for Code Generation Models") == "Dataset"
    # a group noun before "of" is not the head: the noun after "of" is
    assert kinds.describes("A Collection of Open-Source Pretrained Large Language Models for Medical Domains") == "Model"
    assert kinds.describes("A Suite of Benchmarks for Tool Use") == "Dataset"


def test_an_english_appositive_naming_a_series_of_models_makes_a_model(extractor):
    names, _ = found(extractor, "We introduce SeaLLMs, an innovative series of language models that focuses on "
                                "Southeast Asian languages.")
    assert names["SeaLLMs"].kind == "Model"


@pytest.mark.parametrize("summary", [
    "我们提出了一个直观的机器人编程框架，该框架利用自然语言提示和机器人操作系统 (ROS) 提供的上下文信息。",
    "我們提出了一個直觀的機器人編程框架，該框架利用自然語言提示和機器人操作系統 (ROS) 提供的上下文信息。",
])
def test_a_known_name_glossing_its_own_chinese_name_is_not_introduced_by_its_kind_noun(extractor, summary):
    # "系统" is part of ROS's Chinese name, not a noun introducing ROS as the authors' system
    names, x = found(extractor, summary, title="ROS-LLM: A ROS framework for embodied AI")
    assert names["ROS"].label == "ROS"
    assert "ROS" not in [m.entity.label for m in x.proposes]


@pytest.mark.parametrize("summary, name, kind", [
    ("多文件问答则以 NaturalQuestions-Open 构建。", "NaturalQuestions-Open", "Dataset"),
    ("多文件問答則以 NaturalQuestions-Open 建構。", "NaturalQuestions-Open", "Dataset"),
    ("Multi-document QA is built from NaturalQuestions-Open.", "NaturalQuestions-Open", "Dataset"),
    ("我们将 LoRA-Drop 用于剪枝。", "LoRA-Drop", "Method"),
    ("即使用 CLIP-ViT-L-336px 作为视觉编码器。", "CLIP-ViT-L-336px", "Model"),  # a sized architecture
])
def test_a_new_name_built_on_a_known_one_is_of_its_kind(extractor, summary, name, kind):
    names, _ = found(extractor, summary)
    assert (names[name].label, names[name].kind) == (name, kind)


@pytest.mark.parametrize("summary", ["因此，我们构建了 SWE-bench Lite-S，通过排除这些问题进行更严格的评估。",
                                     "We therefore build SWE-bench Lite-S, which leaves these problems out."])
def test_a_new_name_built_on_a_known_multi_word_name_is_of_its_kind(extractor, summary):
    names, x = found(extractor, summary)
    assert names["SWE-bench Lite-S"].kind == "Dataset"
    assert [m.entity.label for m in x.proposes] == ["SWE-bench Lite-S"]


@pytest.mark.parametrize("summary", ["我们策划了 D-MERIT，一个来自 Wikipedia 的段落检索评估集。",
                                     "我們策劃了 D-MERIT，一個來自 Wikipedia 的段落檢索評估集。"])
def test_an_evaluation_set_is_a_dataset(extractor, summary):
    names, _ = found(extractor, summary)
    assert names["D-MERIT"].kind == "Dataset"


@pytest.mark.parametrize("summary", [
    "我們介紹了一種基於模型的聚類方法（MBC），該方法根據適配器參數的相似性對任務進行分組。",
    "我们介绍了一种基于模型的聚类方法（MBC），该方法根据适配器参数的相似性对任务进行分组。",
])
def test_an_appositive_that_opens_with_its_noun_is_of_that_kind(extractor, summary):
    # "该方法……对任务进行分组": the method is the head, not the tasks it groups
    names, _ = found(extractor, summary)
    assert names["MBC"].kind == "Method"


def test_a_chinese_appositive_is_of_the_kind_of_its_last_word_only(extractor):
    kinds = extractor.nlp.get_pipe("pg_discovery").kinds
    text = fold("X，一个大规模的视频数据集。Y，一种高效的LLM树搜索。")
    assert kinds.described_as(text, 1) == "Dataset"
    assert kinds.described_as(text, text.index("y") + 1) is None  # a search, not an LLM


def test_a_kind_noun_ending_the_title_says_nothing_of_the_chinese_titles_first_word(extractor):
    # "... for LLM\nLiteSearch: 高效的LLM树搜索": the fields are lines; a noun does not reach across
    names, x = found(extractor, "本研究介绍了一种新颖的指导树搜索算法。",
                     title="LiteSearch: Efficacious Tree Search for LLM", title_zh="LiteSearch: 高效的LLM树搜索")
    assert names["LiteSearch"].kind == "Method"


@pytest.mark.parametrize("summary, title, proposed", [
    ("我们设计了一种改进的评估方法，提出了一种基于轮询的查询方法，称为 POPE。",
     "Evaluating Object Hallucination in Large Vision-Language Models", "POPE"),
    ("本文介紹一種新穎、直接而有效的剪枝方法，稱為 Wanda（Pruning by Weights and activations）。",
     "A Simple and Effective Pruning Approach for Large Language Models", "Wanda"),
])
def test_a_known_name_the_proposal_sentence_calls_its_own_is_proposed(extractor, summary, title, proposed):
    _, x = found(extractor, summary, title=title)
    assert [m.entity.label for m in x.proposes] == [proposed]


def test_a_known_name_named_in_passing_is_not_proposed(extractor):
    _, x = found(extractor, "我们提出了 FooNet，它使用一种称为 LoRA 的技术来微调模型。")
    assert [m.entity.label for m in x.proposes] == ["FooNet"]


@pytest.mark.parametrize("summary, names", [
    ("我們提出 τ-bench，一個模擬使用者與語言代理之間動態對話的基準。", ["τ-bench"]),
    ("We call this ΨPO, a general objective.", ["ΨPO"]),
    ("我们发布了 Mistral-ORPO-α 与 Mistral-ORPO-β 两个模型。", ["Mistral-ORPO-α", "Mistral-ORPO-β"]),
])
def test_names_may_hold_greek_letters(extractor, summary, names):
    found_names, x = found(extractor, summary)
    assert set(names) <= set(found_names)
    assert [m.entity.label for m in x.proposes][:1] == names[:1] or "ΨPO" in names


def test_a_known_name_the_title_opens_with_is_proposed_after_an_article(extractor):
    summary = "This report introduces the Qwen2 series, the latest addition to our large language models."
    _, x = found(extractor, summary, title="Qwen2 Technical Report")
    assert [m.entity.label for m in x.proposes] == ["Qwen2"]
    _, x = found(extractor, "This report introduces the Qwen2 series and compares it with others.",
                 title="A Technical Report on Evaluation")
    assert x.proposes == []  # not the paper's own: the title does not name it


def test_a_possessive_is_not_part_of_a_name(extractor):
    names, x = found(extractor, "We propose FooNet, a new model. FooNet's accuracy on MMLU is 80%, "
                                "and it improves an LLM's self-correction.")
    assert [m.entity.label for m in x.proposes] == ["FooNet"]
    assert not {"FooNet's", "LLM's"} & {e.label for e in x.entities.values()}
    assert names["FooNet"].kind == "Model"


@pytest.mark.parametrize("summary, name", [
    ("由此得到的是名為 Deita（Data-Efficient Instruction Tuning for Alignment 的縮寫）的一系列模型。", "Deita"),
    ("The resulting pruning method, called Wombat, needs no retraining.", "Wombat"),
])
def test_a_plain_word_a_naming_word_names_is_a_name(extractor, summary, name):
    names, _ = found(extractor, summary)
    assert name in names and not names[name].known


def test_a_plain_word_without_a_naming_word_is_no_name(extractor):
    names, _ = found(extractor, "The resulting method needs no retraining, and Pruning stays cheap.")
    assert names == {}


@pytest.mark.parametrize("summary, proposed", [
    ("Magicoder is trained with FooTune, a novel approach to instruction data for code.", ["FooTune"]),
    ("模型使用 FooTune，这是一种新颖的方法，用开源代码片段合成数据。", ["FooTune"]),
    ("GPT-4, the first model to pass the exam, is compared with FooTune.", []),  # known and not in the title
])
def test_a_name_its_apposition_calls_new_is_proposed(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


def test_a_generic_acronym_is_not_proposed(extractor):
    _, x = found(extractor, "We take several steps, including an improved PII redaction pipeline and a novel tool.")
    assert x.proposes == [] and not x.entities


@pytest.mark.parametrize("summary", ["传统 AE 只把图像压缩 8 倍，我们训练的 AE 可压缩 32 倍。",
                                     "傳統 AE 只把影像壓縮 8 倍，我們訓練的 AE 可壓縮 32 倍。"])
def test_an_autoencoder_written_ae_is_a_generic_class(extractor, summary):
    _, x = found(extractor, summary)
    assert x.proposes == [] and not x.entities


@pytest.mark.parametrize("summary", [
    "It draws on 28 existing datasets and 3 newly created datasets (i.e., IQTest, FunctionQA, and PaperQA).",
    "该基准来自 28 个已有数据集和 3 个新构建的数据集（即 IQTest、FunctionQA 和 PaperQA）。",
    # after a colon, the verb with 了, a count and a word between: the list is still the new datasets,
    # and a name whose shape says technique ("FunctionQA" alone would not) is one of them
    "在现有数据不足的阶段，作者还新构建了三个专用数据集：IQTest、FunctionQA 和 PaperQA。",
])
def test_the_datasets_a_paper_newly_made_are_proposed_by_name(extractor, summary):
    names, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["IQTest", "FunctionQA", "PaperQA"]
    assert names["IQTest"].kind == names["FunctionQA"].kind == names["PaperQA"].kind == "Dataset"


def test_a_name_guessed_a_technique_listed_as_a_new_dataset_is_a_dataset(extractor):
    names, x = found(extractor, "作者还新构建了三个专用数据集：FineMath、Stack-Edu 和 SmolTalk。")
    assert [m.entity.label for m in x.proposes] == ["FineMath", "Stack-Edu", "SmolTalk"]
    assert {names[n].kind for n in ("FineMath", "Stack-Edu", "SmolTalk")} == {"Dataset"}


@pytest.mark.parametrize("summary", ["We evaluate on new benchmarks including MMLU and FooQA.",
                                     "We also collect two new datasets, namely MMLU and GSM8K."])
def test_others_datasets_listed_as_new_are_not_proposed(extractor, summary):
    _, x = found(extractor, summary)
    assert x.proposes == []


def test_capitalised_words_before_a_known_name_mid_sentence_name_a_kind_of_it(extractor):
    names, _ = found(extractor, "The review covers the Naive RAG, the Advanced RAG and Modular RAG. "
                                "Using RAG helps; in LLM RAG systems it is common.")
    assert names["Naive RAG"].kind == names["Advanced RAG"].kind == "Method"
    assert not names["Naive RAG"].known
    assert "Using RAG" not in names and "LLM RAG" not in names  # a sentence's first word; a generic one


def test_a_generic_class_glossed_after_a_proposal_is_not_proposed_with_it(extractor):
    _, x = found(extractor, "我们推出 FooMath，以证明小语言模型 (SLM) 无需蒸馏也能超越 GPT-4。")
    assert [m.entity.label for m in x.proposes] == ["FooMath"]
    assert "SLM" not in {e.label for e in x.entities.values()}


def test_a_known_name_of_two_kinds_is_of_the_kind_the_paper_introduces_it_as(extractor):
    names, _ = found(extractor, "我們推出 ShareGPT4V 資料集，這是一個大規模資源。ShareGPT4V 源自 GPT4-Vision。",
                     title="ShareGPT4V: Improving Large Multi-Modal Models with Better Captions")
    assert names["ShareGPT4V"].kind == "Dataset"
    names, _ = found(extractor, "我们提出了一种名为 Magpie 的数据自我合成方法。为了将 Magpie 数据与其他数据集比较，我们微调模型。",
                     title="Magpie: Alignment Data Synthesis from Scratch")
    assert names["Magpie"].kind == "Method"  # introduced as a method; "Magpie 数据" later does not change it


def test_the_graph_gives_a_two_kind_name_the_kind_most_papers_state(extractor):
    from papergraph.extract.topics import load_topic_scheme
    from papergraph.graph import build_graph

    dataset = ("我們推出 ShareGPT4V 資料集，這是一個大規模資源。", "ShareGPT4V: Better Captions")
    model = ("我们使用 ShareGPT4V 训练模型。", "A Study of Captions")
    topics = load_topic_scheme(str(extractor.knowledge.folder))
    vocabulary = extractor.knowledge.vocabulary.entities

    def kind_in(summaries):
        papers = [paper(s, title=t, arxiv_id=f"2406.0000{i}") for i, (s, t) in enumerate(summaries)]
        g = build_graph(papers, [extractor.extract(p) for p in papers], vocabulary, topics)
        return next(d["kind"] for _n, d in g.nodes(data=True) if d.get("label") == "ShareGPT4V")

    assert kind_in([dataset]) == "Dataset"
    assert kind_in([dataset, model, model]) == "Model"  # the vocabulary's kind, which most papers read


@pytest.mark.parametrize("summary", [
    "本文提出一种语言建模方法：利用现成的神经音频编解码模型 EnCodec 产生的离散编码，训练一个称为 VALL-E 的神经编解码语言模型。",
    "本文提出一种语言建模方法：利用现成的神经音频编解码模型EnCodec产生的离散编码，训练一个称为VALL-E的神经编解码语言模型。",
])
def test_a_naming_word_says_more_than_a_kind_noun_whatever_the_spacing(extractor, summary):
    _, x = found(extractor, summary, title="Neural Codec Language Models are Zero-Shot Text to Speech Synthesizers")
    assert [m.entity.label for m in x.proposes] == ["VALL-E"]


def test_a_names_long_form_in_brackets_is_no_rival_proposal(extractor):
    _, x = found(extractor, "本文提出一个简单的框架 EAGLE（Extrapolation Algorithm for Greater Language-model Efficiency），"
                            "用于无损加速。", title="EAGLE: Speculative Sampling Requires Rethinking Feature Uncertainty")
    assert [m.entity.label for m in x.proposes] == ["EAGLE"]


def test_a_benchmarks_release_number_is_part_of_its_name(extractor):
    names, x = found(extractor, "Kimi K2 在 LiveCodeBench v6 上得分 53.7。")
    assert names["LiveCodeBench v6"].kind == "Dataset" and "v6" not in names
    assert [(r.dataset, r.value_text) for r in x.results] == [(names["LiveCodeBench v6"].key, "53.7")]


def test_a_name_built_on_a_known_dataset_or_its_variant_is_a_new_dataset(extractor):
    names, _ = found(extractor, "在 LAION-5B-Aesthetics 数据集上评估，并在 LegalBench-Instruct 上展现能力，超过 MMLU-Pro。")
    assert names["LAION-5B-Aesthetics"].kind == names["LegalBench-Instruct"].kind == "Dataset"
    assert not names["LAION-5B-Aesthetics"].known and names["MMLU-Pro"].known
    assert names["LegalBench-Instruct"].family == extractor.knowledge.vocabulary.lookup("LegalBench").key


def test_a_name_built_on_a_sized_variant_is_new_and_made_with_the_proposal(extractor):
    """A known family, a size, then more: "Eurus-2-7B-PRIME" is neither Eurus nor Eurus-2-7B;
    named after the paper's method, it is the model the paper made with it."""
    names, x = found(extractor, "我們提出 PRIME，透過隱式過程獎勵線上更新 PRM。所得模型 Eurus-2-7B-PRIME 超越了 "
                                "GPT-4o，而 Llama-3-8B-SimPO 也很強。")
    assert not names["Eurus-2-7B-PRIME"].known and names["Eurus-2-7B-PRIME"].kind == "Model"
    assert not names["Llama-3-8B-SimPO"].known
    assert [m.entity.label for m in x.proposes] == ["PRIME", "Eurus-2-7B-PRIME"]


@pytest.mark.parametrize("summary", ["为此我们提出 FooMoE 架构：把专家细粒度切分为 mN 个，并从中激活 mK 个。",
                                     "We propose FooMoE. We present the first FLOP-controlled study of RAG-based models."])
def test_counting_letters_and_adjectives_made_of_names_are_not_names(extractor, summary):
    names, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["FooMoE"]
    assert not {"mN", "mK", "FLOP-controlled", "RAG-based"} & set(names)


def test_a_pretrained_model_is_not_made_by_the_authors(extractor):
    _, x = found(extractor, "本文提出名為 FooAudio 的模型：把預訓練的文字模型 Vicuna 與 BarNet 音訊編碼器整合成單一多模態模型。",
                 title="FooAudio: Towards Generic Hearing Abilities")
    assert [m.entity.label for m in x.proposes] == ["FooAudio"]


@pytest.mark.parametrize("title", ["FooInfer 1.0: Accelerating Pre-filling for Long-Context LLMs",
                                   "FooInfer v2: Faster Pre-filling"])
def test_a_title_heads_release_number_is_not_part_of_the_name_the_summary_uses(extractor, title):
    _, x = found(extractor, "FooInfer（Million-tokens Inference）是一種稀疏計算方法。FooInfer 可將延遲降低 10 倍。",
                 title=title)
    assert [m.entity.label for m in x.proposes] == ["FooInfer"]


def test_a_versioned_title_head_the_summary_uses_whole_stays_whole(extractor):
    _, x = found(extractor, "我们提出 FooInfer 1.0，一种稀疏计算方法。",
                 title="FooInfer 1.0: Accelerating Pre-filling for Long-Context LLMs")
    assert [m.entity.label for m in x.proposes] == ["FooInfer 1.0"]


def test_a_name_proposed_earlier_in_the_summary_speaks_for_the_paper_later(extractor):
    _, x = found(extractor, "本文提出 QoQ，一種量化演算法。QoQ 降低反量化開銷，並設計 SmoothFoo 來緩解準確率下降。")
    assert [m.entity.label for m in x.proposes] == ["QoQ", "SmoothFoo"]


@pytest.mark.parametrize("summary", ["本文介紹 Mistral 7B。Mistral 7B 在推理方面超越已釋出的最佳 34B 模型（Llama 1）。",
                                     "本文介绍 Mistral 7B。Mistral 7B 超过了此前发布的 34B 模型 Llama 1。",
                                     "本文介绍 Mistral 7B。作者评测了多种模型，包括 GPT-4 以及开源的影像模型 Llama 1。",
                                     "本文介绍 Mistral 7B。我们发现最强的开源模型 Llama 1 的能力已可与 GPT-4 相比。"])
def test_a_proposal_verb_for_what_was_done_before_proposes_nothing(extractor, summary):
    _, x = found(extractor, summary, title="Mistral 7B")
    assert [m.entity.label for m in x.proposes] == ["Mistral 7B"]


@pytest.mark.parametrize("summary, word", [
    ("本文介绍了 FooAgent，一个仅以屏幕截图作为输入的原生 GUI 智能体模型。", "GUI"),
    ("现有最先进的 INT4 量化技术只能加速小批次推理。", "INT4"),
    ("Weights are stored in BF16 while activations use FP8.", "BF16"),
])
def test_interfaces_and_number_formats_are_no_entities(extractor, summary, word):
    names, _ = found(extractor, summary)
    assert word not in names


def test_a_metric_with_a_cutoff_is_one_name(extractor):
    names, x = found(extractor, "作者还提出把 F1 分数扩展为长文本事实性的聚合指标 F1@K。")
    assert "F1@K" in names and "F1" not in names
    assert [m.entity.label for m in x.proposes] == ["F1@K"]


def test_a_prompt_set_is_a_dataset(extractor):
    names, _ = found(extractor, "作者首先用 GPT-4 生成了 FooFact，一个涵盖 38 个主题的提示集。")
    assert names["FooFact"].kind == "Dataset"


@pytest.mark.parametrize("summary, name, kind", [
    ("我們以 FooInstruct 微調了一系列開源模型，並將其命名為 FooMol。", "FooMol", "Model"),
    ("我们的框架称为 FooDiffusion，可以生成一致的图像。", "FooDiffusion", "Method"),
    ("We release a benchmark, which we call FooBench.", "FooBench", "Dataset"),
])
def test_a_name_is_of_the_kind_of_the_noun_its_naming_word_names(extractor, summary, name, kind):
    names, _ = found(extractor, summary)
    assert names[name].kind == kind


def test_a_percent_sign_after_a_letter_belongs_to_the_name(extractor):
    names, x = found(extractor, "We propose Min-K% Prob, a simple detection method. It reaches 72.5% on WikiMIA.")
    assert [m.entity.label for m in x.proposes] == ["Min-K% Prob"]
    assert not any("72.5" in n for n in names)


@pytest.mark.parametrize("name", ["FooAttention", "BarQuant", "BazDecoding"])
def test_a_compound_ending_in_a_technique_word_is_a_method(extractor, name):
    names, _ = found(extractor, f"The runtime accelerates execution with optimizations like {name} for reuse.")
    assert names[name].kind == "Method" and not names[name].known


def test_radix_attention_is_a_technique_of_its_own_not_sglang(extractor):
    names, _ = found(extractor, "SGLang 的运行时通过 RadixAttention 复用 KV 缓存。")
    assert names["RadixAttention"].label == "RadixAttention" and names["SGLang"].label == "SGLang"


@pytest.mark.parametrize("summary, metric", [
    ("在 45 个评分细则上，FooJudge 与人类评估者的 Pearson 相关系数为 0.897。", "Pearson Correlation"),
    ("它與 LMSYS Chatbot Arena 的 Spearman 相關係數從 0.94 提高到 0.98。", "Spearman Correlation"),
])
def test_a_correlation_named_in_english_and_chinese_is_the_metric(extractor, summary, metric):
    names, _ = found(extractor, summary)
    assert metric in {e.label for e in names.values()}


@pytest.mark.parametrize("summary, proposed", [
    ("我們用 FooTuning 對 Llama 2 系列進行指令微調，得到 FooLM。", ["FooLM"]),
    ("我们提出 FooTuning。我们使用每个数据集微调 Llama-9-8B-Base，并评估微调模型的性能。", ["FooTuning"]),
])
def test_what_fine_tuning_gives_is_the_authors_but_not_what_it_starts_from(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


@pytest.mark.parametrize("summary, proposed", [
    ("与 FooQuant 配套，我们实现了 FooChat，一个高效的推理框架。", ["FooChat"]),
    ("我们实现了 2.7x-3.5x 的加速。", []),
])
def test_what_the_authors_implemented_is_theirs_but_a_speedup_is_no_name(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


@pytest.mark.parametrize("title, summary, proposed", [
    ("Qwen3 Technical Report", "本文介绍 Qwen 模型家族的最新版本 Qwen3。Qwen3 包含一系列大语言模型。", ["Qwen3"]),
    ("Gemma 3 Technical Report", "Gemma 3 是 Gemma 轻量级开放模型家族中新增的多模态成员。", ["Gemma 3"]),
    ("FooLM Technical Report: A Highly Capable Model", "我们研究了训练数据的作用。", ["FooLM"]),
    ("A Technical Report on Data Mixtures", "我们研究了训练数据的作用。", []),
])
def test_a_technical_reports_title_names_its_release(extractor, title, summary, proposed):
    _, x = found(extractor, summary, title=title)
    assert [m.entity.label for m in x.proposes] == proposed


@pytest.mark.parametrize("summary, proposed", [
    ("基于这些改进，作者推出了 Moonlight，一个用 Muon 训练的 3B 参数混合专家（MoE）模型。", ["Moonlight"]),
    ("我们引入了 Bench，这是一个基准评估框架。", []),  # a word a digest lost the rest of
    ("我们推出了 Moonlight 的新版本。", []),  # no description: a plain word
])
def test_a_plain_word_the_authors_introduce_and_describe_is_a_name(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


@pytest.mark.parametrize("summary, proposed", [
    ("作者新构建了专门的数据集 FooMath、Stack-Foo 和 FooTalk。", ["FooMath", "Stack-Foo", "FooTalk"]),
    ("我们开源了 FooInstruct 以及 FooLM-7B 和 FooLM-13B。", ["FooInstruct"]),  # "以及": another kind
    ("我们提出 FooNet，并与 GPT-4 和 BarNet 比较。", ["FooNet"]),
    ("作者提出搜索增强事实性评估器（Search-Augmented Foo Evaluator，SAFE）。", ["Search-Augmented Foo Evaluator"]),
])
def test_new_names_listed_right_after_a_new_proposal_are_proposed_with_it(extractor, summary, proposed):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == proposed


@pytest.mark.parametrize("summary", ["以 Gemma2-27B 为强模型，并在 Gemini 1.5 系列上重复这一比较。",
                                     "We repeat the comparison on the Gemini 1.5 family of models."])
def test_a_known_family_and_a_version_the_vocabulary_lacks_make_a_model_of_that_family(extractor, summary):
    names, x = found(extractor, summary)
    gemini = extractor.knowledge.vocabulary.lookup("Gemini")
    assert names["Gemini 1.5"].kind == "Model" and names["Gemini 1.5"].family == gemini.key
    assert "Gemini" not in names
    assert not x.results  # the version is no score


@pytest.mark.parametrize("summary", ["在 MT-Bench 上，Vicuna 8.5 分，略低于 GPT-4。",
                                     "On MT-Bench, Vicuna 8.5 points, just below GPT-4."])
def test_a_score_written_right_after_a_model_is_no_version_of_it(extractor, summary):
    names, _ = found(extractor, summary)
    assert "Vicuna" in names and "Vicuna 8.5" not in names


@pytest.mark.parametrize("summary", [
    "作者推出 OpenCodeInterpreter。OpenCodeInterpreter 缩小了开源代码生成模型与 GPT-4 Code Interpreter 等专有系统之间的差距。",
    "作者推出 OpenCodeInterpreter。OpenCodeInterpreter 在开源代码模型中达到最先进水平，在 HumanEval 上得分 83.2。",
])
def test_open_source_as_an_adjective_proposes_nothing_after_it(extractor, summary):
    _, x = found(extractor, summary, title="OpenCodeInterpreter: Integrating Code Generation with Execution")
    assert [m.entity.label for m in x.proposes] == ["OpenCodeInterpreter"]


def test_open_sourcing_a_thing_named_right_after_its_noun_proposes_it(extractor):
    _, x = found(extractor, "作者提出 Omni-MATH 基准。作者还训练并开源验证器 Omni-Judge，用于对答案自动判分。",
                 title="Omni-MATH: A Universal Olympiad Level Mathematic Benchmark")
    assert "Omni-Judge" in [m.entity.label for m in x.proposes]


@pytest.mark.parametrize("summary", ["这项工作提出 FooBench-Doc，用于评估长文档理解。",
                                     "這項工作提出 FooBench-Doc，用於評估長文件理解。"])
def test_this_work_is_the_authors_speaking(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["FooBench-Doc"]


@pytest.mark.parametrize(("summary", "name", "kind"), [
    ("作者还训练了开源验证器 Omni-Judge，用于对答案自动判分。", "Omni-Judge", "Model"),
    ("使用其高质量子集 Nemotron-CC-HQ 训练的模型在 MMLU 上达到 59.0。", "Nemotron-CC-HQ", "Dataset"),
])
def test_a_verifier_is_a_model_and_a_subset_a_dataset(extractor, summary, name, kind):
    names, _ = found(extractor, summary)
    assert names[name].kind == kind


def test_a_thousands_comma_does_not_end_an_appositive(extractor):
    names, _ = found(extractor, "这项工作提出 MMLongBench-Doc，一个包含 1,062 道专家标注问题的长上下文多模态基准。")
    assert names["MMLongBench-Doc"].kind == "Dataset"


def test_title_case_words_ending_in_a_kind_noun_after_a_known_name_name_a_thing_of_that_kind(extractor):
    names, x = found(extractor, "本文贡献了四项开源资源：Aya Dataset、Aya Collection 和 Aya Evaluation Suite。"
                                "在 MMLU Benchmark 上测试。")
    assert names["Aya Collection"].kind == names["Aya Evaluation Suite"].kind == "Dataset"
    assert not names["Aya Collection"].known
    mmlu = extractor.knowledge.vocabulary.lookup("MMLU")
    assert "MMLU Benchmark" not in names and names["MMLU"].key == mmlu.key  # the same kind: MMLU itself


def test_a_name_built_on_the_proposal_but_of_another_kind_is_no_variant_of_it(extractor):
    _, x = found(extractor, "本文介绍 Aya，一个多语言生成式语言模型。Aya 在 xP3x、Aya Collection 等数据的混合上进行指令微调。",
                 title="Aya Model: An Instruction Finetuned Open-Access Multilingual Language Model")
    assert [m.entity.label for m in x.proposes] == ["Aya"]


@pytest.mark.parametrize("summary", [
    "本文提出一种只用合成数据改进评估器的方法。这个 Self-Taught Evaluator 把 Llama3-70B-Instruct 在 RewardBench 上的得分提升到 88.3。",
    "We present an approach to improve evaluators without human annotations. Our Self-Taught Evaluator improves a strong LLM.",
])
def test_a_title_that_is_one_name_the_summary_uses_is_proposed(extractor, summary):
    _, x = found(extractor, summary, title="Self-Taught Evaluators")
    assert [m.entity.label for m in x.proposes] == ["Self-Taught Evaluator"]


def test_a_title_of_capitalised_words_the_summary_does_not_use_as_a_name_proposes_nothing(extractor):
    _, x = found(extractor, "我们表明，用高质量的教科书数据训练的小模型也能写好代码。", title="Textbooks Are All You Need")
    assert x.proposes == []


@pytest.mark.parametrize("summary", ["本文介绍如何通过剪枝与蒸馏，把 Llama 3.1 8B 和 Mistral NeMo 12B 分别压缩到 4B 和 8B 参数。",
                                     "This report shows how to compress Llama 3.1 8B and Mistral NeMo 12B by pruning."])
def test_introducing_how_to_do_something_proposes_nothing(extractor, summary):
    _, x = found(extractor, summary)
    assert x.proposes == []


@pytest.mark.parametrize("summary", ["本文提出 FooNet。FooNet 实现了 3.05 倍到 4.26 倍的加速比，比 BarNet-1 快 20%–40%。",
                                     "本文提出 FooNet。FooNet 實現了約 3 倍的加速，比 BarNet-1 快 20%。"])
def test_achieving_a_number_makes_nothing(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] == ["FooNet"]


def test_the_versions_of_eagle_are_methods_of_their_own(extractor):
    names, x = found(extractor, "本文在 EAGLE 的基础上提出 EAGLE-2。EAGLE-2 比 EAGLE-1 快 20%–40%。")
    assert [m.entity.label for m in x.proposes] == ["EAGLE-2"]
    eagle = extractor.knowledge.vocabulary.lookup("EAGLE")
    assert names["EAGLE-2"].family == names["EAGLE-1"].family == eagle.key != names["EAGLE-2"].key


@pytest.mark.parametrize("summary", [
    "我们得到了 Mistral-NeMo-Minitron-8B（简称 MN-Minitron-8B）。在 MMLU 上，MN-Minitron-8B 的得分为 69.5。",
    "我們得到了 Mistral-NeMo-Minitron-8B（簡稱 MN-Minitron-8B）。在 MMLU 上，MN-Minitron-8B 的得分為 69.5。",
])
def test_a_short_form_the_text_says_it_calls_a_name_is_that_name(extractor, summary):
    names, _ = found(extractor, summary)
    assert names["MN-Minitron-8B"].key == names["Mistral-NeMo-Minitron-8B"].key


def test_a_field_glossed_by_its_short_form_is_no_model(extractor):
    names, _ = found(extractor, "我们推出 SWE-Gym，用于训练真实世界软件工程（SWE）智能体。用 SWE-Gym 训练的 SWE 智能体在 SWE-Bench Lite 上更强。")
    assert "SWE" not in names and "SWE-Gym" in names and "SWE-Bench Lite" in names


@pytest.mark.parametrize("summary", ["作者还研究了一种新的“弱到强改进”（weak-to-strong improvement）设置。",
                                     "We propose an auxiliary-loss-free load balancing strategy for MoE models."])
def test_a_goal_or_an_adjective_is_not_the_method_named_after_it(extractor, summary):
    names, _ = found(extractor, summary)
    assert not {e.label for e in names.values()} & {"Weak-to-Strong Generalization", "Load Balancing Loss"}


@pytest.mark.parametrize("summary", [
    "为此，作者提出一种从竞赛题出发、大规模生成 Lean 4 证明数据的方法：先翻译，再过滤。",
    "为此，作者设计了一个以闭卷问答（closed-book QA）为核心的受控实验，并研究新知识的影响。",
])
def test_a_name_inside_the_description_of_an_unnamed_proposal_is_not_proposed(extractor, summary):
    _, x = found(extractor, summary)
    assert x.proposes == []


def test_a_name_the_description_calls_its_own_is_still_proposed(extractor):
    _, x = found(extractor, "作者提出一种名为 FooProver 的方法：先翻译，再过滤。")
    assert [m.entity.label for m in x.proposes] == ["FooProver"]


@pytest.mark.parametrize("name", ["Qwen3-235B-A22B", "Qwen3-30B-A3B", "Qwen2-57B-A14B"])
def test_a_mixture_of_experts_size_with_its_active_parameters_is_one_model(extractor, name):
    names, _ = found(extractor, f"旗舰模型 {name} 在 AIME 上表现出色。")
    assert names[name].label == name and names[name].kind == "Model"


def test_a_split_written_after_a_known_benchmark_is_a_benchmark_of_its_own(extractor):
    names, _ = found(extractor, "Kimi K2 在 SWE-bench Multilingual 上得分 47.3，在 SWE-bench 上也表现出色。")
    swe = extractor.knowledge.vocabulary.lookup("SWE-bench")
    assert names["SWE-bench Multilingual"].kind == "Dataset" and names["SWE-bench Multilingual"].family == swe.key


@pytest.mark.parametrize(("summary", "name"), [
    ("本文提出 KVQuant，包含（i）逐通道 Key 量化（Per-Channel Key Quantization），调整 Key 激活的量化维度。",
     "Per-Channel Key Quantization"),
    ("我们还提出 ChatRAG Bench，在其上 ChatQA-1.0-70B 的平均得分为 54.14。", "ChatRAG Bench"),
])
def test_a_generic_technique_or_kind_word_ending_a_name_is_kept(extractor, summary, name):
    names, _ = found(extractor, summary)
    assert names[name].label == name


def test_a_bracket_calling_a_new_name_a_kind_of_a_known_one_gives_it_that_kind(extractor):
    names, _ = found(extractor, "與 QLoRA 相比，QPiSSA（4 位元量化的 PiSSA）在初期的量化誤差更小。")
    assert names["QPiSSA"].kind == "Method" and not names["QPiSSA"].known


@pytest.mark.parametrize("summary", ["即使是最先進的 Gemini Pro v1.5，準確率也只有 52.97%。",
                                     "Even the best model, Gemini Pro v1.5, reaches only 52.97% accuracy."])
def test_a_version_written_after_a_known_model_makes_a_variant_of_it(extractor, summary):
    names, _ = found(extractor, summary)
    gemini_pro = extractor.knowledge.vocabulary.lookup("Gemini Pro")
    assert names["Gemini Pro v1.5"].family == gemini_pro.key and "v1.5" not in names


@pytest.mark.parametrize("summary, name, known", [
    ("APIGen 训练的模型超越了 Claude-3 Haiku。", "Claude-3 Haiku", "Claude 3 Haiku"),
    # the family's version first made a new variant ("Claude-3.5"), which the next word completes
    ("系統性地評估 Llama-3 8B、Claude-3.5 Sonnet 與 GPT-4o。", "Claude-3.5 Sonnet", "Claude 3.5 Sonnet"),
])
def test_a_known_model_spelled_with_a_hyphen_before_its_last_word_is_found_whole(extractor, summary, name, known):
    names, _ = found(extractor, summary)
    model = extractor.knowledge.vocabulary.lookup(known)
    assert names[name].key == model.key and name.split()[0] not in names


@pytest.mark.parametrize("summary", ["他們提出權重平均獎勵模型 WARM（Weight Averaged Reward Models）：先微調多個 RM，再平均。",
                                     "本文提出 YaRN（Yet another RoPE extensioN method），一种上下文窗口扩展方法。"])
def test_a_bracket_spelling_out_the_short_name_before_it_is_its_long_form(extractor, summary):
    names, _ = found(extractor, summary)
    short = next(n for n in ("WARM", "YaRN") if n in names)
    assert {e.key for e in names.values() if e.kind == names[short].kind} == {names[short].key}


def test_the_taiwan_word_for_a_kv_cache_names_it(extractor):
    names, x = found(extractor, "本文提出一種新的 KV 快取實作方式，大幅降低其記憶體用量。")
    kv = extractor.knowledge.vocabulary.lookup("KV Cache")
    assert names["KV 快取"].key == kv.key and "KV" not in names and x.proposes == []


@pytest.mark.parametrize("summary", [
    "H2O 相較於 DeepSpeed、Hugging Face Accelerate 與 FlexGen 三個主流推論系統，吞吐量提升最多 29 倍。",
    "H2O 相较于 DeepSpeed、Hugging Face Accelerate 和 FlexGen 这三个推理系统，吞吐量提升最多 29 倍。",
])
def test_names_listed_before_a_count_and_a_kind_noun_are_of_that_kind(extractor, summary):
    names, _ = found(extractor, summary)
    assert names["FlexGen"].kind == "Method" and not names["FlexGen"].known


def test_datasets_the_authors_built_listed_with_their_purposes_are_new_datasets(extractor):
    names, x = found(extractor, "作者构建了两个同时包含图像和视频数据的数据集：用于 SFT 冷启动的 Video-R1-CoT-165k 和用于 RL 训练的 Video-R1-260k。")
    assert [m.entity.label for m in x.proposes] == ["Video-R1-CoT-165k", "Video-R1-260k"]
    assert names["Video-R1-260k"].kind == names["Video-R1-CoT-165k"].kind == "Dataset"


def test_datasets_someone_else_built_are_not_proposed(extractor):
    _, x = found(extractor, "先前的工作构建了两个数据集：用于训练的 FooSet-1k 和用于测试的 BarSet-2k。")
    assert x.proposes == []


@pytest.mark.parametrize("summary", ["Video-R1 在 VideoMMMU、VSI-Bench 等视频推理基准以及 MVBench 等通用视频基准上均有提升。",
                                     "這種正則化在 FooStories 和 SuperGLUE 等基準上的效能指標有所提高。"])
def test_names_listed_before_etc_and_a_kind_noun_are_of_that_kind(extractor, summary):
    names, _ = found(extractor, summary)
    new = next(n for n in ("VideoMMMU", "FooStories") if n in names)
    assert names[new].kind == "Dataset"


@pytest.mark.parametrize("summary", [
    "核心设计包括：（1）我们训练的 AE 可压缩 32 倍；（2）用小型 LLM Gemma 取代 T5 作为文本编码器；（3）提出 Flow-DPM-Solver。",
    "核心設計包括：（1）我們訓練的 AE 可壓縮 32 倍；（2）用小型 LLM Gemma 取代 T5 作為文字編碼器；（3）提出 Flow-DPM-Solver。"])
def test_a_generic_word_before_a_known_plain_name_is_trimmed(extractor, summary):
    names, x = found(extractor, summary)
    assert names["Gemma"].known and "LLM Gemma" not in names
    assert "LLM Gemma" not in [m.entity.label for m in x.proposes]


def test_a_sentence_opening_article_is_no_part_of_a_name(extractor):
    names, _ = found(extractor, "We release our data. The English models achieve state-of-the-art performance on MTEB.")
    assert not any(n.startswith("The") for n in names) and "MTEB" in names


@pytest.mark.parametrize("summary", ["本文提出 SliceGPT，一种新的训练后稀疏化方案：把每个权重矩阵替换成较小的矩阵。",
                                     "本文提出 SliceGPT，一種新的訓練後稀疏化方案：把每個權重矩陣替換成較小的矩陣。"])
def test_an_appositive_ends_at_a_colon(extractor, summary):
    # what follows the colon says what it does; the appositive's head noun is 方案 (a scheme)
    names, _ = found(extractor, summary)
    assert names["SliceGPT"].kind == "Method"


@pytest.mark.parametrize("summary", ["我们提出 Hymba，一个小型语言模型家族。",
                                     "我們提出 Hymba，一個採用混合頭（hybrid-head）平行架構的小型語言模型家族。"])
def test_an_appositive_naming_a_family_of_models_says_model(extractor, summary):
    names, x = found(extractor, summary)
    assert names["Hymba"].kind == "Model"
    assert [m.entity.label for m in x.proposes] == ["Hymba"]


@pytest.mark.parametrize("summary", ["F5-TTS 在公开的 10 万小时多语种数据集 Emilia 上训练。",
                                     "F5-TTS 在公開的 10 萬小時多語種資料集 Emilia 上訓練。"])
def test_a_plain_word_right_after_a_chinese_kind_noun_is_a_name_of_that_kind(extractor, summary):
    names, _ = found(extractor, summary)
    assert names["Emilia"].kind == "Dataset"


@pytest.mark.parametrize("summary", ["我们发布了三个版本的模型以及训练数据集 The Cauldron。",
                                     "我們發布了三個版本的模型以及訓練資料集 The Cauldron。"])
def test_an_article_in_chinese_text_is_part_of_the_name(extractor, summary):
    names, x = found(extractor, summary)
    assert names["The Cauldron"].kind == "Dataset"
    assert [m.entity.label for m in x.proposes] == ["The Cauldron"]


def test_a_capital_v_version_after_a_known_model_makes_a_variant_of_it(extractor):
    names, _ = found(extractor, "the strongest open-source model (i.e., InternVL Chat V1.5) achieves 29.2% on CharXiv.")
    assert names["InternVL Chat V1.5"].kind == "Model" and names["InternVL Chat V1.5"].family


@pytest.mark.parametrize("summary", ["C-Pack 包含三种资源。C-MTP 是一个大规模文本嵌入数据集，用于训练嵌入模型。",
                                     "C-Pack includes three resources. C-MTP is a massive text embedding dataset."])
def test_a_name_said_to_be_a_kind_of_thing_is_of_that_kind(extractor, summary):
    names, _ = found(extractor, summary)
    assert names["C-MTP"].kind == "Dataset"


def test_deepseekmoe_is_an_architecture_and_its_sized_checkpoints_are_models(extractor):
    names, _ = found(extractor, "DeepSeek-V3 采用 DeepSeekMoE 架构；DeepSeekMoE 16B 的表现与 LLaMA2 7B 相当。")
    assert names["DeepSeekMoE"].kind == "Method"
    assert names["DeepSeekMoE 16B"].kind == "Model" and names["DeepSeekMoE 16B"].family == names["DeepSeekMoE"].key


@pytest.mark.parametrize("summary", ["phi-4 在 STEM 问答上已经明显超过老师。", "phi-4 在STEM问答上已经明显超过老师。"])
def test_the_space_that_sets_latin_off_from_chinese_is_no_list_separator(extractor, summary):
    names, _ = found(extractor, summary)
    assert "STEM" not in names  # no list mate of 问答 (question answering)


@pytest.mark.parametrize("summary", ["【新基准】OpenAI 开源 SimpleQA，专测模型回答简短事实类问题的能力。",
                                     "核心思路：CoT 长度不可控。CMU 提出 LCPO（Length Controlled Policy Optimization），直接在 prompt 里写目标长度。"])
def test_a_lab_opening_a_newsletter_sentence_speaks_for_the_authors(extractor, summary):
    _, x = found(extractor, summary)
    assert [m.entity.label for m in x.proposes] in (["SimpleQA"], ["LCPO"])


@pytest.mark.parametrize("summary", ["为此提出三项核心设计：训练策略分解、高效 T2I Transformer 与高信息量数据。",
                                     "先前工作提出 FooNet，但它很慢。"])
def test_a_connective_or_earlier_work_before_the_verb_is_no_lab(extractor, summary):
    _, x = found(extractor, summary)
    assert x.proposes == []


@pytest.mark.parametrize("summary", ["本文提出 rStar，一种自我博弈的互相推理方法。", "本文提出 rStar，一種自我博弈的互相推理方法。"])
def test_rstar_is_not_rstar_math(extractor, summary):
    # two papers, two methods: rStar (2408.06195) came before rStar-Math (2501.04519)
    names, x = found(extractor, summary)
    assert "rStar-Math" not in [e.label for e in x.entities.values()]
    assert [m.entity.label for m in x.proposes] == ["rStar"]


@pytest.mark.parametrize("summary", ["我们整理了 CommitPack，覆盖 350 种编程语言、共 4TB 的 Git 提交记录。",
                                     "我們整理了 CommitPack，涵蓋 350 種程式語言、共 4TB 的 Git 提交記錄。",
                                     "We compile CommitPack: 4TB of Git commits across 350 programming languages."])
def test_what_the_authors_curate_or_compile_is_a_dataset(extractor, summary):
    names, x = found(extractor, summary)
    assert names["CommitPack"].kind == "Dataset"
    assert [m.entity.label for m in x.proposes] == ["CommitPack"]


@pytest.mark.parametrize("summary", ["我们在 Llama-2-7B 以及 Alpaca-52k、Evol-Instruct-70k 上验证了这一点。",
                                     "We verify this on Llama-2-7B with Alpaca-52k and Evol-Instruct-70K."])
def test_a_method_counted_in_thousands_is_the_data_it_made(extractor, summary):
    names, _ = found(extractor, summary)
    variant = next(n for n in names if n.lower() == "evol-instruct-70k")
    assert names[variant].kind == "Dataset" and names[variant].family


@pytest.mark.parametrize("summary", ["本研究提出 MixEval。我们并以此构建 MixEval-Hard，为模型改进保留更多空间。",
                                     "本研究提出 MixEval。我們並以此建構 MixEval-Hard，為模型改進保留更多空間。"])
def test_mixeval_hard_is_a_benchmark_of_its_own(extractor, summary):
    # the harder split, named and reported on its own, not another spelling of MixEval
    names, x = found(extractor, summary)
    mixeval = extractor.knowledge.vocabulary.lookup("MixEval")
    assert names["MixEval-Hard"].key != mixeval.key and names["MixEval-Hard"].family == mixeval.key
    assert [m.entity.label for m in x.proposes] == ["MixEval", "MixEval-Hard"]


@pytest.mark.parametrize("summary", ["在 ImageNet 上，FooNet-B、FooNet-L 与 FooNet-H 的 FID 分别为 2.31、1.78 与 1.55。",
                                     "在 ImageNet 上，FooNet-B、FooNet-L 與 FooNet-H 的 FID 分別為 2.31、1.78 與 1.55。",
                                     "On ImageNet, FooNet-B, FooNet-L and FooNet-H reach FID 2.31, 1.78 and 1.55."])
def test_one_stem_in_several_sizes_is_a_model_family(extractor, summary):
    names, _ = found(extractor, summary)
    assert {names[n].kind for n in ("FooNet-B", "FooNet-L", "FooNet-H")} == {"Model"}


def test_one_size_suffix_alone_says_nothing_of_a_kind(extractor):
    names, _ = found(extractor, "我们在 ImageNet 上比较了 FooNet-B 与其他做法。")
    assert "FooNet-B" not in names


@pytest.mark.parametrize(("summary", "method"), [
    ("在编码器中插入向量量化。", "Vector Quantization"), ("在編碼器中插入向量量化。", "Vector Quantization"),
    ("在编码器中插入矢量量化。", "Vector Quantization"),
    ("A vector quantization bottleneck is inserted into the encoder.", "Vector Quantization"),
    ("我们用 majority voting 产生伪标签。", "Majority Voting"), ("我们用多数投票产生伪标签。", "Majority Voting"),
    ("我們用多數投票產生偽標籤。", "Majority Voting"), ("Pseudo-labels come from a majority vote over samples.", "Majority Voting"),
])
def test_common_techniques_are_methods_in_every_spelling(extractor, summary, method):
    names, _ = found(extractor, summary)
    assert [e.kind for e in names.values() if e.label == method] == ["Method"]


@pytest.mark.parametrize("summary", ["我们的方法在 MMLU 上追平甚至超过 DoReMi，算力只要后者的 10%。",
                                     "我們的方法在 MMLU 上追平甚至超過 DoReMi，算力只要後者的 10%。",
                                     "On MMLU our method matches or outperforms DoReMi at 10% of its compute."])
def test_a_new_name_the_paper_beats_is_a_model_it_compares_with(extractor, summary):
    names, x = found(extractor, summary)
    assert names["DoReMi"].kind == "Model" and not x.proposes


def test_a_size_the_paper_is_worth_more_than_is_no_name(extractor):
    names, _ = found(extractor, "每个像素作为 token 的 Transformer 效果超过 16x16 的图块。")
    assert "16x16" not in names


@pytest.mark.parametrize(("summary", "edition"), [("在 WMT'21 测试集上达到最佳。", "WMT'21"), ("在 WMT’21 測試集上達到最佳。", "WMT’21"),
                                                  ("在 WMT 2021 测试集上 BLEU 为 30。", "WMT 2021"),
                                                  ("On TREC 2019 we reach 0.7 nDCG.", "TREC 2019")])
def test_a_years_edition_of_a_known_benchmark_is_its_own_dataset_in_the_family(extractor, summary, edition):
    names, _ = found(extractor, summary)
    family = extractor.knowledge.vocabulary.lookup(edition.split("'")[0].split("’")[0].split()[0])
    assert names[edition].kind == "Dataset" and names[edition].family == family.key


def test_a_count_after_a_benchmark_is_no_edition(extractor):
    names, _ = found(extractor, "我们在 GSM8K 2000 道题上测试。")
    assert "GSM8K" in names and not any("2000" in n for n in names)


@pytest.mark.parametrize("summary", ["對 LLaMA-2 7B 與 13B 進行持續預訓練。", "我们对 Llama 2 7B、13B 和 70B 进行持续预训练。",
                                     "We continue pre-training Llama 2 7B, 13B and 70B.", "我们训练了 Llama-2-7B/13B/70B。"])
def test_sizes_listed_after_a_sized_model_are_that_familys_variants(extractor, summary):
    names, _ = found(extractor, summary)
    vocabulary = extractor.knowledge.vocabulary
    wanted = {vocabulary.lookup(f"Llama-2-{size}").key for size in ("7B", "13B")}
    assert wanted <= {e.key for e in names.values()}
    assert ("70B" in summary) == (vocabulary.lookup("Llama-2-70B").key in {e.key for e in names.values()})


def test_an_elided_size_of_an_unknown_size_is_a_new_variant_in_the_family(extractor):
    names, _ = found(extractor, "我们在 Llama 2 7B 和 34B 上实验。")
    assert (names["34B"].label, names["34B"].kind) == ("Llama 2 34B", "Model")
    assert names["34B"].family == names["Llama 2 7B"].family


def test_a_count_of_things_after_a_model_is_no_size_of_it(extractor):
    names, _ = found(extractor, "Llama-2-7B 和 13B 个样本。")
    assert not any("13" in n for n in names)


@pytest.mark.parametrize("summary", ["比同样使用 7B LLM 的此前最优 MLLM 高出 10 分以上。", "比同樣使用 7B LLM 的此前最優 MLLM 高出 10 分以上。",
                                     "We train a 7B LLM and a 13B VLM."])
def test_a_size_of_a_class_of_models_names_no_model(extractor, summary):
    names, _ = found(extractor, summary)
    assert not any(n[0].isdigit() for n in names)


@pytest.mark.parametrize("summary", ["将这种过程监督与加权自洽（weighted self-consistency）算法结合。随后加权自洽再次带来提升。",
                                     "將這種過程監督與加權自洽（weighted self-consistency）演算法結合。隨後加權自洽再次帶來提升。"])
def test_words_glossed_before_a_known_technique_make_one_of_its_own(extractor, summary):
    names, x = found(extractor, summary)
    refined = names["weighted self-consistency"]
    assert refined.kind == "Method" and refined.family == extractor.knowledge.vocabulary.lookup("Self-Consistency").key
    assert "Self-Consistency" not in {e.label for e in names.values()}
    chinese = summary[summary.index("（") - 4:summary.index("（")]
    assert chinese in next(e for e in x.entities.values() if e.key == refined.key).aliases


def test_a_plain_use_of_a_known_technique_glossed_is_that_technique(extractor):
    names, _ = found(extractor, "我们对比了标准知识蒸馏（standard knowledge distillation）。")
    assert {e.label for e in names.values()} == {"Knowledge Distillation"}


@pytest.mark.parametrize("summary", ["推出 SmolVLM：一系列紧凑多模态模型。最小的 SmolVLM-256M 推理时显存不到 1GB；中间档是 SmolVLM-500M。",
                                     "推出 SmolVLM：一系列緊湊多模態模型。最小的 SmolVLM-256M 推理時顯存不到 1GB；中間檔是 SmolVLM-500M。",
                                     "We release SmolVLM, a family of compact multimodal models. The smallest, SmolVLM-256M, runs in 1GB."])
def test_a_size_of_the_papers_new_model_is_its_checkpoint(extractor, summary):
    names, _ = found(extractor, summary, title="SmolVLM: Redefining small and efficient multimodal models")
    family = next(e.key for n, e in names.items() if n == "SmolVLM")
    sized = [e for n, e in names.items() if n.startswith("SmolVLM-")]
    assert sized and all(e.kind == "Model" and e.family == family for e in sized)


@pytest.mark.parametrize("summary", ["在 MathVision 上取得 36.8，在 MathVista 上取得 71.3。", "We reach 36.8 on MathVision and 71.3 on MathVista."])
def test_a_known_name_written_without_its_hyphen_is_that_name(extractor, summary):
    names, _ = found(extractor, summary)
    assert names["MathVision"] == extractor.knowledge.vocabulary.lookup("MATH-Vision")  # the known dataset, not a new model


def test_a_hyphen_the_vocabulary_does_not_write_is_no_junction_it_dropped(extractor):
    # "MARL" is multi-agent RL; "MAR-L" and "MAR-B" are sizes of the MAR model
    names, _ = found(extractor, "在 ImageNet 上，MAR-B 与 MAR-L 的 FID 分别为 2.31 与 1.78。")
    assert names["MAR-L"].label == "MAR-L" and names["MAR-L"].kind == "Model"
