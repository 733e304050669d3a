package io.streamtune.deploy.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.streamtune.deploy.Findings;
import io.streamtune.deploy.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses manifests strictly: a field the Kubernetes API does not define fails (fabric8 would otherwise keep it
 * silently in {@code additionalProperties}), a number where the API wants a string fails, and only the kinds this
 * project deploys are accepted. Strimzi resources (only {@code kafka.strimzi.io/v1}, the one API Strimzi 1.0 serves) and the other
 * kinds outside the fabric8 model here are checked against {@link RawSchema}; a Job's pod template strictly.
 */
public final class ManifestReader {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class);

    private static final ObjectMapper STRICT = strictMapper();
    private static final ObjectMapper LENIENT = new ObjectMapper();

    private ManifestReader() {
    }

    public static List<Manifest> read(Path file, Findings findings) {
        return read(YamlFiles.read(file), file.toString(), findings);
    }

    /** Every object of a (multi-document) YAML text; each problem is added to {@code findings}. */
    public static List<Manifest> read(String yaml, String origin, Findings findings) {
        List<Object> docs;
        try {
            docs = YamlFiles.loadAll(yaml);
        } catch (RuntimeException e) {
            findings.add(origin, "not valid YAML: " + e.getMessage());
            return List.of();
        }
        List<Manifest> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            String where = docs.size() > 1 ? origin + " #" + (i + 1) : origin;
            Manifest m = parse(docs.get(i), where, findings);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private static Manifest parse(Object doc, String where, Findings findings) {
        if (!(doc instanceof Map<?, ?>)) {
            findings.add(where, "a manifest must be a mapping with apiVersion and kind.");
            return null;
        }
        Map<String, Object> raw = YamlFiles.map(doc, where);
        String apiVersion = String.valueOf(raw.get("apiVersion"));
        String kind = String.valueOf(raw.get("kind"));
        String name = nameOf(raw);
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
        if (type != null) {
            try {
                return new Manifest(where, apiVersion, kind, name, STRICT.convertValue(raw, type), raw);
            } catch (IllegalArgumentException e) {
                findings.add(where, kind + " " + name + " does not fit the Kubernetes API: " + firstLine(e));
                return null;
            }
        }
        if (apiVersion.startsWith(RawSchema.STRIMZI_GROUP) && !apiVersion.equals(RawSchema.STRIMZI)) {
            findings.add(where, kind + " " + name + " uses " + apiVersion + "; Strimzi 1.0 and later serve only "
                    + RawSchema.STRIMZI + ".");
            return null;
        }
        if (RawSchema.handles(apiVersion, kind)) {
            RawSchema.check(raw, apiVersion, kind, where + " (" + kind + " " + name + ")", findings);
            if ("Job".equals(kind)) {
                try {
                    podTemplate(raw, STRICT);
                } catch (IllegalArgumentException e) {
                    findings.add(where, "Job " + name + "'s pod template does not fit the Kubernetes API: "
                            + firstLine(e));
                    return null;
                }
            }
            return new Manifest(where, apiVersion, kind, name, null, raw);
        }
        findings.add(where, "apiVersion " + apiVersion + " kind " + kind + " is not a kind this project deploys "
                + "(known: " + String.join(", ", KINDS.keySet().stream().sorted().toList()) + ", "
                + String.join(", ", RawSchema.kinds()) + ").");
        return null;
    }

    /** The pod template of a Job kept as its raw tree. */
    static PodTemplateSpec podTemplate(Map<String, Object> raw) {
        return podTemplate(raw, LENIENT);
    }

    private static PodTemplateSpec podTemplate(Map<String, Object> raw, ObjectMapper mapper) {
        Object spec = raw.get("spec");
        Object template = spec instanceof Map<?, ?> s ? s.get("template") : null;
        return template == null ? null : mapper.convertValue(template, PodTemplateSpec.class);
    }

    static String nameOf(Map<String, Object> raw) {
        return raw.get("metadata") instanceof Map<?, ?> meta && meta.get("name") != null
                ? String.valueOf(meta.get("name")) : "<no name>";
    }

    private static String firstLine(IllegalArgumentException e) {
        String msg = String.valueOf(e.getMessage());
        int nl = msg.indexOf('\n');
        return ((nl < 0 ? msg : msg.substring(0, nl)) + referenceChain(msg))
                .replace("com.fasterxml.jackson.databind.exc.", "").replace("io.fabric8.kubernetes.api.model.", "");
    }

    /** Jackson's "(through reference chain: ...)" tail, which says where in the object the problem is. */
    private static String referenceChain(String msg) {
        int i = msg.indexOf("(through reference chain:");
        int nl = msg.indexOf('\n');
        return i > nl && nl >= 0 ? " " + msg.substring(i) : "";
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper m = new ObjectMapper();
        // fabric8 classes collect unknown fields through @JsonAnySetter; without it they fail like the API server
        m.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated a) {
                return Boolean.FALSE;
            }
        });
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // the API server rejects `value: 1` or `value: true` where a string is due; so does this reader
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }
}
