package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 24, part 2: the shares of a budget shared by the pools of one JVM, without pools around them. */
class ConnectionBudgetTest {
    private final List<ConnectionBudget.Seat> seats = new ArrayList<>();

    @AfterEach
    void leave() {
        seats.forEach(ConnectionBudget.Seat::leave);
    }

    private ConnectionBudget.Seat join(String budget, int connections, String pool, int maximum) {
        ConnectionBudget.Seat seat = ConnectionBudget.join(budget, connections, pool, maximum);
        seats.add(seat);
        return seat;
    }

    private static List<Integer> shares(String budget) {
        return ConnectionBudget.find(budget).orElseThrow().shares().stream().map(ConnectionBudget.Share::share).toList();
    }

    @Test
    void equalPoolsSplitTheBudgetAndNeverExceedIt() {
        join("equal", 10, "a", 10);
        join("equal", 10, "b", 10);
        join("equal", 10, "c", 10);
        assertThat(shares("equal")).containsExactly(3, 3, 4);
    }

    @Test
    void aPoolThatWantsLessLeavesTheRestToTheOthers() {
        join("maxmin", 20, "small", 2);
        join("maxmin", 20, "large", 30);
        join("maxmin", 20, "medium", 8);
        assertThat(shares("maxmin")).containsExactly(2, 10, 8);
    }

    @Test
    void aBudgetLargerThanEveryMaximumGivesEachItsMaximum() {
        join("roomy", 100, "a", 10);
        join("roomy", 100, "b", 5);
        assertThat(shares("roomy")).containsExactly(10, 5);
    }

    @Test
    void aPoolThatLeavesOrResizesMovesTheOthersAtOnce() {
        AtomicInteger toldA = new AtomicInteger();
        ConnectionBudget.Seat a = join("moving", 12, "a", 12);
        a.follow(toldA::set);
        assertThat(toldA).hasValue(12);
        ConnectionBudget.Seat b = join("moving", 12, "b", 12);
        assertThat(toldA).hasValue(6);
        b.resize(2);
        assertThat(toldA).hasValue(10);
        b.leave();
        assertThat(toldA).hasValue(12);
        b.leave(); // idempotent
        assertThat(shares("moving")).containsExactly(12);
    }

    @Test
    void moreMembersThanConnectionsEachKeepOne() {
        for (int i = 0; i < 4; i++) {
            join("overdrawn", 3, "p" + i, 5);
        }
        assertThat(shares("overdrawn")).containsExactly(1, 1, 1, 1);
    }

    @Test
    void aBudgetIsForgottenWhenItsLastPoolLeaves() {
        ConnectionBudget.Seat only = join("brief", 5, "a", 5);
        assertThat(ConnectionBudget.find("brief")).isPresent();
        only.leave();
        assertThat(ConnectionBudget.find("brief")).isEmpty();
        join("brief", 7, "b", 7); // a new budget of that name may have another size
        assertThat(ConnectionBudget.find("brief").orElseThrow().connections()).isEqualTo(7);
    }

    @Test
    void aPoolNamingTheBudgetWithAnotherSizeIsRefusedNamingBoth() {
        join("tenants", 40, "acme", 10);
        assertThatThrownBy(() -> ConnectionBudget.join("tenants", 50, "globex", 10))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("budget.connections is 50")
                .hasMessageContaining("already has 40")
                .hasMessageContaining("acme")
                .satisfies(e -> assertThat(((InvalidSettingException) e).setting()).isEqualTo("budget.connections"));
        assertThat(shares("tenants")).containsExactly(10);
    }
}
