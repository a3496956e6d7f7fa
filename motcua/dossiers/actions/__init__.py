"""Every legal transition of a dossier, one module per family of actions.

- ``intake``: a filing registered online (``dossier_submit``) or received, supplemented
  or refused at the counter, and the acceptance or refusal of a registered one;
- ``supplements``: asking for a supplement, receiving it, stopping the dossiers whose
  supplement never came;
- ``steps``: forwarding, assigning, sending back through the pinned process;
- ``interagency``: sending to other agencies (liên thông) and recording their answers;
- ``fees``: financial obligations and their payment;
- ``decision``: approving (with the signed result) or refusing;
- ``extensions``: the one extension with its apology letter;
- ``endings``: withdrawal, stop, finish, return of the result, how it is received;
- ``attachments``: files added to an open dossier.

``core`` holds what they all do (lock, one event, the e-mail after commit, the code);
``dossiers.permissions`` the question each asks first; ``registry`` the list of them
that pages and the API offer.
"""
