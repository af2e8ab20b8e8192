package dev.cistern.spring.it;

import org.springframework.util.ClassUtils;

/** Boot's DataSource auto-configuration moved package in Boot 4.0; the name under the Boot these tests run on. */
final class DataSourceAutoConfigurationName {
    private static final String BOOT3 = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";
    private static final String BOOT4 = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    private DataSourceAutoConfigurationName() {
    }

    static String ofThisBoot() {
        ClassLoader loader = DataSourceAutoConfigurationName.class.getClassLoader();
        if (ClassUtils.isPresent(BOOT4, loader)) {
            return BOOT4;
        }
        if (ClassUtils.isPresent(BOOT3, loader)) {
            return BOOT3;
        }
        throw new AssertionError("neither " + BOOT3 + " nor " + BOOT4 + " is on the class path");
    }
}
