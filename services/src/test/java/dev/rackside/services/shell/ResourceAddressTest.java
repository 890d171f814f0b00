package dev.rackside.services.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Resource URLs read as {@code convox resources proxy} reads them (pkg/cli/resources.go ResourcesProxy). */
class ResourceAddressTest {
    @Test
    void aConvoxPostgresUrlGivesItsHostPortAndAMaskedLocalUrl() {
        ResourceAddress a = ResourceAddress.parse("database", "postgres://app:s3cr3t@resource-database.rack-app.svc"
                + ".cluster.local:5432/app?sslmode=disable");
        assertEquals("resource-database.rack-app.svc.cluster.local", a.host());
        assertEquals(5432, a.port());
        assertEquals("postgres://app:****@127.0.0.1:15432/app?sslmode=disable", a.local(15432));
    }

    @Test
    void aPasswordWithCharactersAUrlParserRefusesIsCutAtTheLastAt() {
        // What the CLI's escapedUrl handles: '@', '/' and '#' inside the password.
        ResourceAddress a = ResourceAddress.parse("db", "mysql://app:p@ss/w#rd@db.example.internal:3306/app");
        assertEquals("db.example.internal", a.host());
        assertEquals(3306, a.port());
        assertEquals("mysql://app:****@127.0.0.1:3306/app", a.local(3306));
    }

    @Test
    void onlyHttpAndHttpsHaveADefaultPort() {
        assertEquals(80, ResourceAddress.parse("r", "http://search.internal/").port());
        assertEquals(443, ResourceAddress.parse("r", "https://search.internal").port());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResourceAddress.parse("cache", "redis://resource-cache.ns.svc.cluster.local"));
        assertEquals("unknown port for url of resource cache (redis://resource-cache.ns.svc.cluster.local)",
                e.getMessage());
    }

    @Test
    void aUrlWithoutUserOrPasswordStaysWithout() {
        ResourceAddress a = ResourceAddress.parse("cache", "redis://resource-cache.ns.svc.cluster.local:6379/0");
        assertEquals("redis://127.0.0.1:6379/0", a.local(6379));
        assertEquals("memcached://127.0.0.1:11211", ResourceAddress.parse("m", "memcached://m.internal:11211")
                .local(11211));
    }

    @Test
    void anEmptyUrlOrABadPortIsNamed() {
        assertEquals("no url for resource: db", assertThrows(IllegalArgumentException.class,
                () -> ResourceAddress.parse("db", "")).getMessage());
        assertEquals("the url of resource db has port 'x1', not a number", assertThrows(
                IllegalArgumentException.class, () -> ResourceAddress.parse("db", "postgres://h:x1/app")).getMessage());
        assertEquals("the url of resource db has port 70000", assertThrows(IllegalArgumentException.class,
                () -> ResourceAddress.parse("db", "postgres://h:70000/app")).getMessage());
    }

    @Test
    void anIpv6HostIsBracketedForTheRack() {
        ResourceAddress a = ResourceAddress.parse("db", "postgres://u:p@[fd00::5]:5432/app");
        assertEquals("fd00::5", a.host());
        assertEquals("[fd00::5]:5432", a.remote());
    }
}
