package dev.cistern.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void masksEveryPasswordShapeInUrls() {
        assertThat(Secrets.maskUrl("jdbc:mysql://h/db?user=a&password=p4ss&x=1"))
                .isEqualTo("jdbc:mysql://h/db?user=a&password=****&x=1");
        assertThat(Secrets.maskUrl("jdbc:sqlserver://h;user=a;pwd=p4ss;db=x"))
                .isEqualTo("jdbc:sqlserver://h;user=a;pwd=****;db=x");
        assertThat(Secrets.maskUrl("jdbc:postgresql://a:p4ss@h:5432/db")).isEqualTo("jdbc:postgresql://a:****@h:5432/db");
        assertThat(Secrets.maskUrl("jdbc:oracle:thin:scott/tiger@h:1521:orcl")).isEqualTo("jdbc:oracle:thin:scott/****@h:1521:orcl");
        assertThat(Secrets.maskUrl("jdbc:sqlite:/tmp/app.db")).isEqualTo("jdbc:sqlite:/tmp/app.db");
        assertThat(Secrets.maskUrl("jdbc:postgresql://h:5432/db")).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void scrubRemovesTheLiteralPassword() {
        assertThat(Secrets.scrub("login failed for app with s3cr3t-pw", "s3cr3t-pw")).isEqualTo("login failed for app with ****");
        assertThat(Secrets.scrub(null, "x")).isNull();
    }
}
