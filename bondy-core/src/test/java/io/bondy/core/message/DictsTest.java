package io.bondy.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DictsTest {

    @Test
    void aReadOnlyMapComesBackAsItIsAndAnyOtherIsWrappedReadOnly() {
        Map<String, Object> one = Map.of("a", 1);
        Map<String, Object> two = Map.of("a", 1, "b", 2);
        Map<String, Object> view = Collections.unmodifiableMap(new HashMap<>(two));
        assertThat(Dicts.frozen(one)).isSameAs(one);
        assertThat(Dicts.frozen(two)).isSameAs(two);
        assertThat(Dicts.frozen(view)).isSameAs(view);

        Map<String, Object> mutable = new HashMap<>(two);
        Map<String, Object> frozen = Dicts.frozen(mutable);
        assertThat(frozen).isNotSameAs(mutable).isEqualTo(two);
        assertThatThrownBy(() -> frozen.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Dicts.frozen(null)).isEmpty();
        assertThat(Dicts.frozen(new HashMap<>())).isEmpty();
    }
}
