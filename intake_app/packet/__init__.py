"""The humanitarian-release packet, built with ReportLab in memory."""
