package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;

/**
 * The on-site repair team: {@code technicians} parallel servers of one first-come-first-served repair queue, and the
 * labour rate charged per hands-on repair hour.
 *
 * @param technicians technicians on shift (servers of the repair queue), &gt;= 1
 * @param labourUsdPerHour labour cost per hands-on hour in USD, &gt;= 0
 */
public record ServiceTeam(int technicians, double labourUsdPerHour) {
    public ServiceTeam {
        if (technicians < 1 || technicians > 100_000) {
            throw new InputException("technicians " + technicians + " out of range: use 1 to 100000");
        }
        if (!(labourUsdPerHour >= 0) || Double.isInfinite(labourUsdPerHour)) {
            throw new InputException("labour rate " + labourUsdPerHour + " USD/h must be a finite number >= 0");
        }
    }
}
