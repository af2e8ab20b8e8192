package dev.cistern.spring.jpa.system;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Petclinic's controller that shows what an exception looks like; it needs no database. */
@RestController
class CrashController {
    @GetMapping("/oups")
    String triggerException() {
        throw new RuntimeException("Expected: controller used to showcase what happens when an exception is thrown");
    }
}
