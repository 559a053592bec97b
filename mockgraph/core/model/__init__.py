"""The Graph type model: types, enums and job collections."""
