/** Reading a BERT-family ONNX export: where it comes from, its weights and its shape. */
package io.streamtune.model.onnx;
