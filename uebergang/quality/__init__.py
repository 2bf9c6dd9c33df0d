"""Quality and effectiveness: standards and reviews, coverage per school, outcomes against a comparison group, need against supply."""
