"""The translation pass: segmenting, preparing, decoding under the term guarantee, the memory stage, outputs."""
