"""Partner reporting: periodic data collections per offering, filed by providers in their workspace."""
