"""The llama.cpp runtime: hardware profile, memory-fit preflight, streaming chat engine."""
