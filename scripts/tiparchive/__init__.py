"""A searchable archive of intergovernmental anti-trafficking meetings."""
