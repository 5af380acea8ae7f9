// Intentionally empty: n8n loads the nodes and the credential from the "n8n" block of package.json.
