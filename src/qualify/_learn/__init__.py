"""Learning from outcomes: backtests of a framework against won and lost leads."""
