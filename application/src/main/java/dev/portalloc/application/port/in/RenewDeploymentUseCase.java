package dev.portalloc.application.port.in;

/**
 * Renews the leases of a deployment's allocations in every pool, in one transaction. Allocations made
 * without a lease never expire and are left alone; expired ones are gone and cannot be renewed.
 */
public interface RenewDeploymentUseCase {
    RenewalResult renewDeployment(RenewDeploymentCommand command);
}
