"""The interview and review pages: questions rendered from the form, answers saved as given."""

from intake_app.ui.interview.interview_page import InterviewPage
from intake_app.ui.interview.review_page import ReviewPage

__all__ = ["InterviewPage", "ReviewPage"]
