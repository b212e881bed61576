package lobos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    enum Kind { BZ_IMAGE }

    record Item(String name, long size, Kind kind, List<Integer> list) {}

    @Test
    void writesRecordsMapsListsAndEscapes() {
        var map = new LinkedHashMap<String, Object>();
        map.put("item", new Item("a\"b\n", 7, Kind.BZ_IMAGE, List.of(1, 2)));
        map.put("none", null);
        map.put("empty", List.of());
        assertThat(Json.write(map)).isEqualTo("""
                {
                  "item": {
                    "name": "a\\"b\\n",
                    "size": 7,
                    "kind": "bz-image",
                    "list": [
                      1,
                      2
                    ]
                  },
                  "none": null,
                  "empty": []
                }
                """);
    }
}
