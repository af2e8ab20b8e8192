package dev.cistern.spring.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A pet's owner, as Petclinic stores them. */
@Entity
public class Owner {
    @Id
    @GeneratedValue
    private Integer id;
    private String lastName;

    protected Owner() {
    }

    public Owner(String lastName) {
        this.lastName = lastName;
    }

    public Integer getId() {
        return id;
    }

    public String getLastName() {
        return lastName;
    }
}
