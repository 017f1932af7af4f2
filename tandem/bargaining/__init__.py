"""A district's bargained evaluation settings: management proposes, the unit's union agrees and
the school committee's chair or vice chair adopts, each act signed (issue 5, item 7).

The settings' rows (``SettingsProposal``, ``DistrictSettingsVersion``) stay in the
organizations app, where their migrations are; the code that reads and changes them is here,
above people (who holds which office) and rubrics (the rubric version a unit names).
"""
