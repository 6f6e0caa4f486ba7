package dev.foodorder.order.ordering;

import dev.foodorder.order.menu.MenuItem;
import dev.foodorder.order.menu.MenuItems;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every line's sku is on the menu. Checked on the whole list, so an order costs one query
 * however many lines it has; each unknown sku is reported at its own index.
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

        private final MenuItems menu;

        Validator(MenuItems menu) {
            this.menu = menu;
        }

        @Override
        public boolean isValid(List<PlaceOrderRequest.Item> items, ConstraintValidatorContext context) {
            if (items == null) {
                return true;
            }
            var skus = items.stream().filter(Objects::nonNull).map(PlaceOrderRequest.Item::sku)
                    .filter(Objects::nonNull).collect(Collectors.toSet());
            if (skus.isEmpty()) {
                return true;
            }
            var known = menu.findBySkuIn(skus).stream().map(MenuItem::sku).collect(Collectors.toSet());
            context.disableDefaultConstraintViolation();
            var valid = true;
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                if (item != null && item.sku() != null && !known.contains(item.sku())) {
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
