package io.streamtune.localstack.test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.yaml.snakeyaml.Yaml;

/**
 * Strimzi {@code KafkaUser} resources (SCRAM-SHA-512, simple authorization) applied to a
 * {@link RealServers#startSecuredKafka() secured broker} the way Strimzi's User Operator applies them: a SCRAM
 * credential per user and one ACL binding per operation, host {@code *}. The tests that check the deployed ACLs and
 * the tests that run the services on them read the same file, so what they prove is what Kubernetes gets.
 */
public final class KafkaUsers {

    private final List<Map<String, Object>> users;

    private KafkaUsers(List<Map<String, Object>> users) {
        this.users = users;
    }

    /** The {@code KafkaUser} documents of a multi-document YAML file (other kinds are skipped). */
    @SuppressWarnings("unchecked")
    public static KafkaUsers read(Path yaml) {
        List<Map<String, Object>> users = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(yaml)) {
            for (Object doc : new Yaml().loadAll(in)) {
                if (doc instanceof Map<?, ?> m && "KafkaUser".equals(m.get("kind"))) {
                    users.add((Map<String, Object>) m);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KafkaUsers(users);
    }

    /** The users' names, in file order. */
    public List<String> names() {
        return users.stream().map(KafkaUsers::name).toList();
    }

    /** Every user's ACL bindings, in file order: one per operation, as the User Operator writes them. */
    public List<AclBinding> acls() {
        List<AclBinding> all = new ArrayList<>();
        users.forEach(u -> all.addAll(aclsOf(u)));
        return all;
    }

    /**
     * Creates every user with the password {@code pw-<name>} and its ACLs, through the broker's operator listener.
     *
     * @return user name → password
     */
    public Map<String, String> apply(SecuredKafkaEndpoint kafka) {
        Map<String, String> passwords = new LinkedHashMap<>();
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        for (String name : names()) {
            passwords.put(name, "pw-" + name);
            credentials.add(new UserScramCredentialUpsertion(name,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "pw-" + name));
        }
        List<AclBinding> acls = acls();
        try (Admin operator = Admin.create(kafka.operatorProperties())) {
            operator.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
            operator.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not apply the KafkaUsers to " + kafka.operatorBootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying the KafkaUsers", e);
        }
        return passwords;
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> user) {
        return (String) ((Map<String, Object>) user.get("metadata")).get("name");
    }

    /** Strimzi's simple authorization, as the User Operator writes it: one binding per operation, host *. */
    @SuppressWarnings("unchecked")
    private static List<AclBinding> aclsOf(Map<String, Object> user) {
        Map<String, Object> spec = (Map<String, Object>) user.get("spec");
        Map<String, Object> authz = (Map<String, Object>) spec.get("authorization");
        String principal = "User:" + name(user);
        List<AclBinding> bindings = new ArrayList<>();
        for (Map<String, Object> acl : (List<Map<String, Object>>) authz.get("acls")) {
            Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
            ResourceType type = switch (String.valueOf(resource.get("type"))) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "cluster" -> ResourceType.CLUSTER;
                case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
                default -> throw new IllegalArgumentException("resource type " + resource.get("type"));
            };
            String name = type == ResourceType.CLUSTER ? "kafka-cluster" : String.valueOf(resource.get("name"));
            PatternType pattern = "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED
                    : PatternType.LITERAL;
            AclPermissionType permission = "deny".equals(acl.get("type")) ? AclPermissionType.DENY
                    : AclPermissionType.ALLOW;
            for (String op : (List<String>) acl.get("operations")) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry(principal, "*", operation(op), permission)));
            }
        }
        return bindings;
    }

    /** Strimzi's operation names (Describe, DescribeConfigs, ...) as Kafka's. */
    private static AclOperation operation(String strimzi) {
        String upper = strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        return AclOperation.valueOf(upper);
    }
}
