package dev.portalloc.archfixture.application;

import dev.portalloc.archfixture.adapters.web.WebUsingTheJdbcAdapter;

/** Violates: application depends only on domain and java.*. */
public final class ApplicationUsingAnAdapter {
    public WebUsingTheJdbcAdapter adapter;
}
