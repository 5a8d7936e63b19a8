from .people import Event, Speaker
from .staging import StagedFile, UploadJob
from .talks import Recording, Talk, TalkSpeaker
from .transcripts import Segment, SourceFile, Transcript

__all__ = ["Event", "Recording", "Segment", "SourceFile", "Speaker", "StagedFile", "Talk", "TalkSpeaker", "Transcript",
           "UploadJob"]
