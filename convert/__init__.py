"""Hugging Face checkpoint -> GGUF (and quant ladder) and -> GPTQ."""
