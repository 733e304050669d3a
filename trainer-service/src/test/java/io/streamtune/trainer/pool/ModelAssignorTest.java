package io.streamtune.trainer.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupAssignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The assignor's rules: a model whole to one member, sticky, balanced by count, filters kept, moves cooperative. */
class ModelAssignorTest {

    static final Node NODE = new Node(0, "127.0.0.1", 9092);

    static Cluster cluster(Map<String, Integer> partitions) {
        List<PartitionInfo> infos = new ArrayList<>();
        partitions.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                infos.add(new PartitionInfo(t, p, NODE, new Node[] {NODE}, new Node[] {NODE}));
            }
        });
        return new Cluster("c", List.of(NODE), infos, Set.of(), Set.of());
    }

    static String t(String model) {
        return "streamtune." + model + ".train";
    }

    static Subscription sub(List<String> topics, List<TopicPartition> owned) {
        return new Subscription(topics, null, owned, 1, Optional.empty());
    }

    static Map<String, Set<String>> topicsOf(GroupAssignment a) {
        Map<String, Set<String>> out = new HashMap<>();
        a.groupAssignment().forEach((m, as) -> {
            Set<String> s = new TreeSet<>();
            as.partitions().forEach(tp -> s.add(tp.topic()));
            out.put(m, s);
        });
        return out;
    }

    @Test
    void everyPartitionOfAModelGoesToOneMemberAndCountsEvenOut() {
        Map<String, Integer> parts = Map.of(t("a"), 3, t("b"), 1, t("c"), 2, t("d"), 1);
        List<String> all = List.copyOf(parts.keySet());
        GroupAssignment a = new ModelAssignor().assign(cluster(parts), new GroupSubscription(Map.of(
                "m1", sub(all, List.of()), "m2", sub(all, List.of()))));
        Map<String, Set<String>> got = topicsOf(a);
        assertThat(got.get("m1")).hasSize(2);
        assertThat(got.get("m2")).hasSize(2);
        assertThat(a.groupAssignment().get("m1").partitions().size() + a.groupAssignment().get("m2").partitions()
                .size()).isEqualTo(7);
        for (String topic : all) {
            long holders = got.values().stream().filter(s -> s.contains(topic)).count();
            assertThat(holders).as(topic).isEqualTo(1);
        }
    }

    @Test
    void modelsStayWhereTheyAreUnlessTheCountsAreTwoApart() {
        Map<String, Set<String>> eligible = Map.of(t("a"), Set.of("m1", "m2"), t("b"), Set.of("m1", "m2"),
                t("c"), Set.of("m1", "m2"));
        Map<String, String> plan = ModelAssignor.plan(List.of("m1", "m2"), new java.util.TreeMap<>(eligible),
                Map.of(t("a"), "m2", t("b"), "m2"));
        assertThat(plan).containsEntry(t("a"), "m2").containsEntry(t("b"), "m2").containsEntry(t("c"), "m1");

        // all three on m1, m2 just joined: one moves, two stay
        plan = ModelAssignor.plan(List.of("m1", "m2"), new java.util.TreeMap<>(eligible),
                Map.of(t("a"), "m1", t("b"), "m1", t("c"), "m1"));
        assertThat(plan.values().stream().filter("m1"::equals).count()).isEqualTo(2);
        assertThat(plan.values().stream().filter("m2"::equals).count()).isEqualTo(1);
    }

    @Test
    void aMemberOnlyGetsTopicsItSubscribedTo() {
        Map<String, Integer> parts = Map.of(t("gpu1"), 1, t("gpu2"), 1, t("cpu"), 1);
        GroupAssignment a = new ModelAssignor().assign(cluster(parts), new GroupSubscription(Map.of(
                "gpu", sub(List.of(t("gpu1"), t("gpu2")), List.of()),
                "cpu", sub(List.of(t("cpu"), t("gpu1"), t("gpu2")), List.of()))));
        Map<String, Set<String>> got = topicsOf(a);
        assertThat(got.get("gpu")).isSubsetOf(t("gpu1"), t("gpu2"));
        assertThat(got.get("cpu")).contains(t("cpu"));
        assertThat(got.get("gpu").size() + got.get("cpu").size()).isEqualTo(3);
    }

    @Test
    void aModelMovingBetweenLiveMembersIsOnlyRevokedThisRound() {
        Map<String, Integer> parts = Map.of(t("a"), 2, t("b"), 1);
        List<String> all = List.copyOf(parts.keySet());
        // m1 owns both, m2 joins: one of them must move, but m2 may not get it while m1 still holds it
        GroupAssignment a = new ModelAssignor().assign(cluster(parts), new GroupSubscription(Map.of(
                "m1", sub(all, List.of(new TopicPartition(t("a"), 0), new TopicPartition(t("a"), 1),
                        new TopicPartition(t("b"), 0))),
                "m2", sub(all, List.of()))));
        Map<String, Set<String>> got = topicsOf(a);
        assertThat(got.get("m1")).hasSize(1);
        assertThat(got.get("m2")).as("the moving model goes to m2 only at the next rebalance").isEmpty();

        // the next round: m1 revoked it, so it owns one; now m2 gets the other
        String kept = got.get("m1").iterator().next();
        List<TopicPartition> stillOwned = new ArrayList<>();
        for (int p = 0; p < parts.get(kept); p++) {
            stillOwned.add(new TopicPartition(kept, p));
        }
        a = new ModelAssignor().assign(cluster(parts), new GroupSubscription(Map.of(
                "m1", sub(all, stillOwned), "m2", sub(all, List.of()))));
        got = topicsOf(a);
        assertThat(got.get("m1")).containsExactly(kept);
        assertThat(got.get("m2")).hasSize(1).doesNotContain(kept);
    }

    @Test
    void aDeadMembersModelsGoToTheOthersAtOnce() {
        Map<String, Integer> parts = Map.of(t("a"), 1, t("b"), 1, t("c"), 1);
        List<String> all = List.copyOf(parts.keySet());
        // m3 died (no longer a member); its model c is still listed as owned by nobody alive
        GroupAssignment a = new ModelAssignor().assign(cluster(parts), new GroupSubscription(Map.of(
                "m1", sub(all, List.of(new TopicPartition(t("a"), 0))),
                "m2", sub(all, List.of(new TopicPartition(t("b"), 0))))));
        Map<String, Set<String>> got = topicsOf(a);
        assertThat(got.get("m1")).contains(t("a"));
        assertThat(got.get("m2")).contains(t("b"));
        assertThat(got.get("m1").size() + got.get("m2").size()).isEqualTo(3);
    }
}
