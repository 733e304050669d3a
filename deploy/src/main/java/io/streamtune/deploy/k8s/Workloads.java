package io.streamtune.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/** The pod templates and containers of the workload kinds this project deploys (Deployment, StatefulSet, Job). */
final class Workloads {

    private Workloads() {
    }

    static PodTemplateSpec template(Manifest m) {
        if (m.typed() instanceof Deployment d && d.getSpec() != null) {
            return d.getSpec().getTemplate();
        }
        if (m.typed() instanceof StatefulSet s && s.getSpec() != null) {
            return s.getSpec().getTemplate();
        }
        if ("Job".equals(m.kind()) && m.typed() == null) {
            return ManifestReader.podTemplate(m.raw());
        }
        return null;
    }

    static List<Container> containers(Manifest m) {
        PodTemplateSpec t = template(m);
        List<Container> out = new ArrayList<>();
        if (t != null && t.getSpec() != null) {
            if (t.getSpec().getInitContainers() != null) {
                out.addAll(t.getSpec().getInitContainers());
            }
            if (t.getSpec().getContainers() != null) {
                out.addAll(t.getSpec().getContainers());
            }
        }
        return out;
    }
}
