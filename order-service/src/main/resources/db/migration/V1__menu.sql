-- The menu: what a customer can order and at what price. This service owns it; the inventory
-- service stocks the same skus. Orders are priced in one currency: a second would need
-- conversion rules first.
CREATE TABLE menu_item
(
    sku      TEXT PRIMARY KEY,
    name     TEXT           NOT NULL,
    price    NUMERIC(10, 2) NOT NULL CHECK (price >= 0),
    currency TEXT           NOT NULL CHECK (currency = 'EUR')
);

INSERT INTO menu_item (sku, name, price, currency)
VALUES ('margherita', 'Pizza Margherita', 9.50, 'EUR'),
       ('diavola', 'Pizza Diavola', 11.00, 'EUR'),
       ('quattro-formaggi', 'Pizza Quattro Formaggi', 12.00, 'EUR'),
       ('carbonara', 'Spaghetti Carbonara', 10.50, 'EUR'),
       ('lasagna', 'Lasagna', 11.50, 'EUR'),
       ('risotto', 'Mushroom Risotto', 12.50, 'EUR'),
       ('caesar-salad', 'Caesar Salad', 8.00, 'EUR'),
       ('bruschetta', 'Bruschetta', 6.00, 'EUR'),
       ('tiramisu', 'Tiramisu', 5.50, 'EUR'),
       ('panna-cotta', 'Panna Cotta', 5.00, 'EUR'),
       ('espresso', 'Espresso', 2.50, 'EUR'),
       ('lemonade', 'Homemade Lemonade', 3.50, 'EUR');
