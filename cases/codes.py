"""Code lists from the DfE SEN2 return (schema 2024), so records export without translation."""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Need(models.TextChoices):
    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    # Added by the 2025 SEN2 collection; a return for an earlier year cannot carry it.
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty"


class SenStatus(models.TextChoices):
    NONE = "none", "No SEN recorded"
    SEN_SUPPORT = "sen_support", "SEN support"
    STATEMENT = "statement", "Statement"
    EHC_PLAN = "ehc_plan", "EHC plan"


class CeaseReason(models.TextChoices):
    """Why a plan ceased (SEN2 CeaseReason)."""

    MAXIMUM_AGE = "1", "Reached maximum age"
    NEEDS_MET = "2", "Needs being met without a plan"
    HIGHER_EDUCATION = "3", "Moved on to higher education"
    EMPLOYMENT = "4", "Moved on to paid employment (not an apprenticeship)"
    TRANSFERRED = "5", "Transferred to another local authority"
    DISENGAGED = "6", "Young person no longer wishes to engage in education"
    MOVED_ABROAD = "7", "Moved outside England"
    DECEASED = "8", "Deceased"
    OTHER = "9", "Other"


class ReviewOutcome(models.TextChoices):
    """The council's decision after an annual review (SEN2 ReviewOutcome)."""

    MAINTAIN = "M", "Maintain the plan as it is"
    AMEND = "A", "Amend the plan"
    CEASE = "C", "Cease the plan"
