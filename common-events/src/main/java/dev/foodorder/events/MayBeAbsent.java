package dev.foodorder.events;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field added to an event within its version (docs/adr/0018-schema-evolution.md): the events
 * written before it have none, and read with null; a null is not written, so an event without it
 * looks as the older producers wrote it.
 *
 * <p>Every other field must be there: {@link EventCodec} fails on a missing one
 * ({@code FAIL_ON_MISSING_CREATOR_PROPERTIES}). An optional injection that prefers the input is
 * Jackson's only way to exempt one creator property from that; nothing is ever injected.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public @interface MayBeAbsent {
}
