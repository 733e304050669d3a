package io.streamtune.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

/** Builds DJL parameters whose arrays come from loaded weights rather than an initializer. */
final class Weights {

    private Weights() {}

    static Parameter parameter(String name) {
        Parameter.Type type;
        if (name.contains("LayerNorm")) {
            type = name.endsWith("bias") ? Parameter.Type.BETA : Parameter.Type.GAMMA;
        } else {
            type = name.endsWith("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
        }
        return Parameter.builder().setName(name).setType(type).build();
    }

    static NDArray toArray(NDManager manager, HostTensor tensor) {
        return tensor.toNDArray(manager);
    }
}
