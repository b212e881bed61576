package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainCommandTest {
    @Test
    void theClassesLoadedOnlyUnderContentionExistInThisJdk() throws Exception {
        // a JDK that renamed them would make the training load nothing and builds differ again
        for (String name : TrainCommand.TIMING_DEPENDENT) {
            assertThat(Class.forName(name, false, ClassLoader.getSystemClassLoader())).isNotNull();
        }
    }
}
