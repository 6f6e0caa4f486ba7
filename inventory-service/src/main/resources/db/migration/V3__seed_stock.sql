-- The dozen skus of the order service's menu. Tiramisu is nearly sold out (3 units, below its
-- threshold of 5), so the walkthrough can show an order being refused.
INSERT INTO stock (sku, name, on_hand, threshold)
VALUES ('margherita', 'Pizza Margherita', 100, 10),
       ('diavola', 'Pizza Diavola', 100, 10),
       ('quattro-formaggi', 'Pizza Quattro Formaggi', 100, 10),
       ('carbonara', 'Spaghetti Carbonara', 100, 10),
       ('lasagna', 'Lasagna', 100, 10),
       ('risotto', 'Mushroom Risotto', 100, 10),
       ('caesar-salad', 'Caesar Salad', 100, 10),
       ('bruschetta', 'Bruschetta', 100, 10),
       ('tiramisu', 'Tiramisu', 3, 5),
       ('panna-cotta', 'Panna Cotta', 100, 10),
       ('espresso', 'Espresso', 100, 10),
       ('lemonade', 'Homemade Lemonade', 100, 10);
