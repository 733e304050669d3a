package io.streamtune.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingProfileTest {

    @Test
    void selfTimeIsAnEventsDurationLessTheEventsNestedInItPerThread() throws Exception {
        // thread 1: linear [0, 100) calls addmm [10, 70) which calls copy_ [20, 30); then add_ [100, 110)
        // thread 2: mm [5, 45), overlapping thread 1's events in time but not nested in them
        String trace = """
                {"traceEvents": [
                  {"ph": "X", "name": "aten::linear", "ts": 0, "dur": 100, "pid": 1, "tid": 1},
                  {"ph": "X", "name": "aten::copy_", "ts": 20, "dur": 10, "pid": 1, "tid": 1},
                  {"ph": "X", "name": "aten::addmm", "ts": 10, "dur": 60, "pid": 1, "tid": 1},
                  {"ph": "X", "name": "aten::add_", "ts": 100, "dur": 10, "pid": 1, "tid": 1},
                  {"ph": "X", "name": "aten::mm", "ts": 5, "dur": 40, "pid": 1, "tid": 2},
                  {"ph": "i", "name": "marker", "ts": 50, "pid": 1, "tid": 1}
                ]}""";
        Map<String, Double> self = TrainingProfile.selfTimes(new ObjectMapper().readTree(trace));

        assertEquals(Map.of("aten::linear", 40.0, "aten::addmm", 50.0, "aten::copy_", 10.0, "aten::add_", 10.0,
                "aten::mm", 40.0), self);
        assertFalse(self.containsKey("marker"));
    }

    @Test
    void operatorsFallIntoGroups() {
        assertEquals("matrix products", TrainingProfile.group("aten::addmm"));
        assertEquals("element-wise (AdamW's update included)", TrainingProfile.group("aten::mul_"));
        assertEquals("softmax", TrainingProfile.group("aten::_softmax_backward_data"));
        assertEquals("layer norm", TrainingProfile.group("aten::native_layer_norm_backward"));
        assertEquals("copies and layout", TrainingProfile.group("aten::copy_"));
        assertEquals("other operators", TrainingProfile.group("aten::mul_out_something"));
    }
}
