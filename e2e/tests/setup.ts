// Starting n8n takes 10-20 s and a test may restart it; jest's 5 s default would cut that off.
jest.setTimeout(300_000);
