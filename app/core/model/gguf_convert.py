"""Convert a sentence-transformers BERT checkpoint to GGUF, without torch.

Reads `config.json`, `vocab.txt`, `model.safetensors` and `1_Pooling/config.json`
and writes a GGUF file llama.cpp can load as an embedding model (architecture
"bert", WordPiece vocabulary, mean or CLS pooling, non-causal attention).
"""

from __future__ import annotations

import json
from pathlib import Path

import gguf
import numpy as np
from safetensors.numpy import load_file

from app.core.errors import ModelError

_PHANTOM_SPACE = "\u2581"
_SKIPPED_TENSORS = ("embeddings.position_ids", "pooler.")
_HYPERPARAMETERS = ("max_position_embeddings", "hidden_size", "intermediate_size",
                    "num_hidden_layers", "num_attention_heads", "layer_norm_eps")


def convert_checkpoint(
    src_dir: Path, dst: Path, *, f16: bool = True, name: str | None = None
) -> None:
    """Write the checkpoint in `src_dir` to `dst` as GGUF (`name` goes into general.name).

    2-D weights are stored as F16 when `f16` is true, else F32; 1-D tensors
    (biases, norms) and the token-type embeddings always stay F32.
    Raises ModelError if the checkpoint is incomplete or not a BERT model.
    """
    config = _read_json(src_dir / "config.json")
    if config.get("model_type") != "bert":
        raise ModelError(f"{src_dir / 'config.json'} does not describe a BERT model.")
    missing = [k for k in _HYPERPARAMETERS if k not in config]
    if missing:
        raise ModelError(f"{src_dir / 'config.json'} lacks {', '.join(missing)}.")
    pooling = _pooling_type(src_dir / "1_Pooling" / "config.json")
    vocab = _read_vocab(src_dir / "vocab.txt")
    try:
        tensors = load_file(str(src_dir / "model.safetensors"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"Cannot read weights {src_dir / 'model.safetensors'}: {exc}") from exc

    n_layers = int(config["num_hidden_layers"])
    writer = gguf.GGUFWriter(str(dst), "bert")
    writer.add_name(name or src_dir.name)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16 if f16 else gguf.LlamaFileType.ALL_F32)
    writer.add_context_length(int(config["max_position_embeddings"]))
    writer.add_embedding_length(int(config["hidden_size"]))
    writer.add_feed_forward_length(int(config["intermediate_size"]))
    writer.add_block_count(n_layers)
    writer.add_head_count(int(config["num_attention_heads"]))
    writer.add_layer_norm_eps(float(config["layer_norm_eps"]))
    writer.add_causal_attention(False)
    writer.add_pooling_type(pooling)
    _add_vocab(writer, vocab, int(config.get("type_vocab_size", 2)))

    name_map = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, n_layers)
    for hf_name, data in tensors.items():
        if hf_name.startswith(_SKIPPED_TENSORS):
            continue
        gguf_name = name_map.get_name(hf_name, try_suffixes=(".weight", ".bias"))
        if gguf_name is None:
            raise ModelError(f"Unexpected tensor {hf_name!r} in {src_dir / 'model.safetensors'}.")
        keep_f32 = data.ndim == 1 or gguf_name.startswith("token_types") or not f16
        writer.add_tensor(gguf_name, data.astype(np.float32 if keep_f32 else np.float16))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"Cannot read {path}: {exc}") from exc


def _pooling_type(path: Path) -> gguf.PoolingType:
    pooling = _read_json(path)
    if pooling.get("pooling_mode_mean_tokens"):
        return gguf.PoolingType.MEAN
    if pooling.get("pooling_mode_cls_token"):
        return gguf.PoolingType.CLS
    raise ModelError(f"{path}: only mean or CLS pooling can be converted.")


def _read_vocab(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ModelError(f"Cannot read {path}: {exc}") from exc


def _add_vocab(writer: gguf.GGUFWriter, vocab: list[str], type_count: int) -> None:
    """WordPiece vocabulary in llama.cpp's "phantom space" form.

    Bracketed tokens ([CLS], [unused0], ...) stay as they are and are CONTROL;
    continuation pieces lose their "##"; every word start gets a U+2581 prefix.
    """
    tokens: list[str] = []
    types: list[gguf.TokenType] = []
    for tok in vocab:
        if tok.startswith("[") and tok.endswith("]"):
            tokens.append(tok)
            types.append(gguf.TokenType.CONTROL)
        else:
            tokens.append(tok[2:] if tok.startswith("##") else _PHANTOM_SPACE + tok)
            types.append(gguf.TokenType.NORMAL)
    ids = {tok: i for i, tok in enumerate(vocab)}
    missing = [t for t in ("[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]") if t not in ids]
    if missing:
        raise ModelError(f"The vocabulary lacks the special tokens {', '.join(missing)}.")
    writer.add_tokenizer_model("bert")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_type_count(type_count)
    writer.add_bos_token_id(ids["[CLS]"])
    writer.add_eos_token_id(ids["[SEP]"])
    writer.add_sep_token_id(ids["[SEP]"])
    writer.add_unk_token_id(ids["[UNK]"])
    writer.add_pad_token_id(ids["[PAD]"])
    writer.add_mask_token_id(ids["[MASK]"])
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(True)
