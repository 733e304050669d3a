package io.streamtune.model.classifier;

import ai.djl.ndarray.types.DataType;

/** How a cached prefix output is stored: half the bytes, or exactly. */
public enum PrefixPrecision {
    FP16(DataType.FLOAT16),
    FP32(DataType.FLOAT32);

    private final DataType dataType;

    PrefixPrecision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    public int bytes() {
        return dataType.getNumOfBytes();
    }
}
