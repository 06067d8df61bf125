/** Contract method names of the skills-clinics feature (coverage sheets, projects). No dependencies. */
export const CLINIC_METHODS = ['coverageReport', 'coverageExport', 'compareProjects'] as const;
