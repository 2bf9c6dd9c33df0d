"""The association's platform: member portraits, practice library, working groups, fair comparisons."""
