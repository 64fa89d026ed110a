"""WSIS–SDG data layer: vocabulary, records, matrix, network and trends (no Streamlit)."""
