package dev.foodorder.order.ordering;

import dev.foodorder.order.menu.Menu;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * Every line's sku is on the menu. Checked on the whole list, so that each unknown sku is
 * reported at its own index.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OnTheMenu.Validator.class)
@interface OnTheMenu {

    String message() default "is not on the menu (see GET /api/menu)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Created by Spring's validator factory, which injects the menu. */
    class Validator implements ConstraintValidator<OnTheMenu, List<PlaceOrderRequest.Item>> {

        private final Menu menu;

        Validator(Menu menu) {
            this.menu = menu;
        }

        @Override
        public boolean isValid(List<PlaceOrderRequest.Item> items, ConstraintValidatorContext context) {
            if (items == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            var valid = true;
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                if (item != null && item.sku() != null && menu.find(item.sku()).isEmpty()) {
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
