"""Elections, appointments and livelihood-project votes. ``engine/`` is the election law as pure Python."""
