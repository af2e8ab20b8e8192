package dev.cistern.spring.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Shaped like Spring Petclinic: a JPA application with entities, a Spring Data repository and, in
 * {@code system}, a controller whose test starts without any database (see {@code CrashControllerWithJpaTest}).
 * Its database is the embedded H2 on the class path, which Boot (and so the starter) picks when no URL is given.
 */
@SpringBootApplication
public class PetsApp {
}
