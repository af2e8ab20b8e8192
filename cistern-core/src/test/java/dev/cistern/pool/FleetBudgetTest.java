package dev.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.internal.PostgresCapacity.FleetReading;
import org.junit.jupiter.api.Test;

/** The fair-share rule: {@code (capacity − headroom − others) / members}, within [floor, maximumPoolSize]. */
class FleetBudgetTest {

    @Test
    void theShareIsWhatIsFreeDividedAmongTheMembers() {
        assertThat(FleetBudget.share(new FleetReading(17, 2, 3), 2, 1, 10)).as("(17-2-2)/3").isEqualTo(4);
        assertThat(FleetBudget.share(new FleetReading(100, 0, 4), 10, 1, 50)).as("(100-10)/4").isEqualTo(22);
        assertThat(FleetBudget.share(new FleetReading(17, 0, 1), 2, 1, 10)).as("alone: capped by its maximum").isEqualTo(10);
    }

    @Test
    void theFloorHoldsWhenTooLittleIsFreeAndNoMemberCountsAsOne() {
        assertThat(FleetBudget.share(new FleetReading(17, 16, 5), 2, 2, 10)).as("nothing free: the floor").isEqualTo(2);
        assertThat(FleetBudget.share(new FleetReading(10, 0, 40), 0, 1, 10)).as("more members than slots").isEqualTo(1);
        assertThat(FleetBudget.share(new FleetReading(17, 0, 0), 2, 1, 10))
                .as("a reading before this member's own connection shows counts it as one").isEqualTo(10);
        assertThat(FleetBudget.share(new FleetReading(5, 0, 1), 9, 1, 10)).as("headroom above capacity").isEqualTo(1);
    }
}
