"""The API endpoints' required parameters, for the tests that call every endpoint: (query string, arguments)."""

REQUIRED = {"period_change": ("yr2=2008-2010", {"yr2": (2008, 2010)}),
            "country_comparison": ("country=BRA&vs=IND,ZAF", {"country": "BRA", "vs": ("IND", "ZAF")})}
