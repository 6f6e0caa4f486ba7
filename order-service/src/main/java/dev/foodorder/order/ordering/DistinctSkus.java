package dev.foodorder.order.ordering;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;

/** Each sku appears on one line only: a second line of the same sku is reported at its own index. */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctSkus.Validator.class)
@interface DistinctSkus {

    String message() default "appears on an earlier line: order it once, with the total quantity";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<DistinctSkus, List<PlaceOrderRequest.Item>> {

        @Override
        public boolean isValid(List<PlaceOrderRequest.Item> items, ConstraintValidatorContext context) {
            if (items == null) {
                return true;
            }
            var seen = new HashSet<String>();
            context.disableDefaultConstraintViolation();
            var valid = true;
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                if (item != null && item.sku() != null && !seen.add(item.sku())) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                            .addPropertyNode("sku").inIterable().atIndex(i)
                            .addConstraintViolation();
                }
            }
            return valid;
        }
    }
}
