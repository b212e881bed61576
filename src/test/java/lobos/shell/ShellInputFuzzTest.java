package lobos.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;

/**
 * What a person types never breaks the menu or the shell's word splitting: any key sequence,
 * tick and menu change keeps the selection on an item; any line splits or says which quote is open.
 */
class ShellInputFuzzTest {
    @FuzzTest(maxDuration = "1m")
    void words(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        try {
            List<String> words = Words.split(line);
            assertThat(words).doesNotContainNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("unterminated");
        }
    }

    @FuzzTest(maxDuration = "1m")
    void menuKeys(FuzzedDataProvider data) {
        BootEntry a = MenuStateTest.entry("a");
        BootEntry b = MenuStateTest.entry("b");
        Menu sub = MenuStateTest.menu("sub", "c2", Duration.ofSeconds(data.consumeInt(0, 5)), MenuStateTest.entry("c1"),
                MenuStateTest.entry("c2"));
        Menu empty = MenuStateTest.menu("empty", null, null);
        List<Menu> menus = List.of(MenuStateTest.menu(null, "b", Duration.ofSeconds(3), a, b, sub, empty),
                MenuStateTest.menu(null, null, null, sub), MenuStateTest.menu(null, "x", Duration.ZERO));
        MenuState state = new MenuState(data.pickValue(menus));
        state.start();
        MenuState.Key[] keys = MenuState.Key.values();
        while (data.remainingBytes() > 0) {
            switch (data.consumeInt(0, 2)) {
                case 0 -> state.key(data.pickValue(keys));
                case 1 -> state.tick(Duration.ofMillis(data.consumeInt(0, 5000)));
                default -> state.update(data.pickValue(menus));
            }
            int size = state.visible().size();
            assertThat(state.selected()).isBetween(0, Math.max(0, size - 1));
            new MenuRenderer("t").render(state, data.consumeInt(20, 200), data.consumeInt(10, 60));
        }
    }
}
